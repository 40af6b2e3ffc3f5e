// RUN-WITH: qt
// RUN-CHECKS: -*,clangcheck-errors-*
// QFile::open and QSaveFile::commit report failure through their bool result.
#include <QFile>
#include <QSaveFile>
#include <QTextStream>

QString read_config_ok(const QString &path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return {};
    return QTextStream(&file).readAll();
}

bool append_line_ok(const QString &path, const QByteArray &line) {
    QFile file(path);
    if (file.open(QIODevice::Append))
        return file.write(line) == line.size();
    return false;
}

QString read_config_bad(const QString &path) {
    QFile file(path);
    file.open(QIODevice::ReadOnly | QIODevice::Text);  // expect: clangcheck-errors-unchecked-result
    return QTextStream(&file).readAll();
}

void save_settings_bad(const QString &path, const QByteArray &data) {
    QSaveFile out(path);
    if (!out.open(QIODevice::WriteOnly))
        return;
    if (out.write(data) != data.size())
        return;
    out.commit();  // expect: clangcheck-errors-unchecked-result
}

bool save_settings_ok(const QString &path, const QByteArray &data) {
    QSaveFile out(path);
    if (!out.open(QIODevice::WriteOnly) || out.write(data) != data.size())
        return false;
    return out.commit();
}
