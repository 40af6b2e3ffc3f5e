// RUN-WITH: qt
// RUN-CHECKS: -*,clangcheck-errors-*
// QDir/QFile file-system operations return false on failure; propagating the bool is handling it.
#include <QDir>
#include <QFile>
#include <tuple>

bool prepare_ok(const QString &root) {
    return QDir().mkpath(root + QStringLiteral("/spool"));
}

bool move_into_place_ok(const QString &from, const QString &to) {
    if (QFile::exists(to) && !QFile::remove(to))
        return false;
    return QFile::rename(from, to);
}

void move_into_place_bad(const QString &from, const QString &to) {
    QFile::remove(to);  // expect: clangcheck-errors-unchecked-result
    QFile::rename(from, to);  // expect: clangcheck-errors-unchecked-result
}

void prepare_bad(QDir &root) {
    root.mkdir(QStringLiteral("spool"));  // expect: clangcheck-errors-unchecked-result
}

void copy_template_ok(const QString &from, const QString &to) {
    std::ignore = QFile::copy(from, to);  // an existing copy is as good
}
