// RUN-WITH: qt
// RUN-CHECKS: -*,clangcheck-errors-*
// QSemaphore::tryAcquire with a timeout returns false when the resource did not come.
#include <QSemaphore>
#include <QThread>

void consume_bad(QSemaphore &items) {
    items.tryAcquire(1, 500);  // expect: clangcheck-errors-unchecked-result
}

bool consume_ok(QSemaphore &items) {
    if (!items.tryAcquire(1, 500))
        return false;
    return true;
}

void shutdown_ok(QThread *worker) {
    worker->quit();
    if (!worker->wait(3000))
        worker->terminate();
}

void shutdown_bad(QThread *worker) {
    worker->quit();
    worker->wait(3000);  // expect: clangcheck-errors-unchecked-result
}
