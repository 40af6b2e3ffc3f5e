// RUN-WITH: qt
// RUN-CHECKS: -*,clangcheck-errors-*
// QLockFile::tryLock/lock return false when another process holds the lock (or on error).
#include <QDir>
#include <QLockFile>

void update_cache_bad(const QString &dir) {
    QLockFile lock(dir + QStringLiteral("/cache.lock"));
    lock.tryLock(100);  // expect: clangcheck-errors-unchecked-result
    QDir(dir).removeRecursively();  // expect: clangcheck-errors-unchecked-result
}

bool update_cache_ok(const QString &dir) {
    QLockFile lock(dir + QStringLiteral("/cache.lock"));
    if (!lock.tryLock(100))
        return false;  // someone else is updating it
    return QDir(dir).removeRecursively();
}

bool single_instance_ok(QLockFile &lock) {
    lock.setStaleLockTime(0);
    return lock.tryLock();
}

void single_instance_bad(QLockFile *lock) {
    lock->lock();  // expect: clangcheck-errors-unchecked-result
}
