// RUN-WITH: qt
#include <QDir>
#include <QFile>

void open_in_q_assert_bad(QFile &file) {
    Q_ASSERT(file.open(QIODevice::ReadOnly));  // expect: clangcheck-errors-side-effect-in-assert
}

void mkpath_in_q_assert_x_bad(const QString &path) {
    Q_ASSERT_X(QDir().mkpath(path), "mkpath_in_q_assert_x_bad", "cannot create");  // expect: clangcheck-errors-side-effect-in-assert
}

void open_hoisted_ok(QFile &file) {
    const bool ok = file.open(QIODevice::ReadOnly);
    if (!ok)
        return;
    Q_ASSERT(file.isOpen());
}

void state_in_q_assert_ok(const QFile &file) {
    Q_ASSERT(file.exists());  // a query: nothing to lose when it is compiled out
}
