// RUN-WITH: qt
// QThread worker objects: moveToThread() is no owner; finished -> deleteLater is.
#include <QObject>
#include <QThread>

class Worker : public QObject {
public:
    void process() {}
};

class Controller : public QObject {
public:
    void start_ok();
    void start_bad();
    void startThreadOnly_ok();
    QThread thread;
};

void Controller::start_ok()
{
    Worker *worker = new Worker;
    worker->moveToThread(&thread);
    connect(&thread, &QThread::finished, worker, &QObject::deleteLater);
    connect(&thread, &QThread::started, worker, &Worker::process);
    thread.start();
}

void Controller::start_bad()
{
    Worker *worker = new Worker;  // expect: clangcheck-ownership-leak
    worker->moveToThread(&thread);
    connect(&thread, &QThread::started, worker, &Worker::process);
    thread.start();
}

void Controller::startThreadOnly_ok()
{
    QThread *t = new QThread(this);
    connect(t, &QThread::finished, t, &QObject::deleteLater);
    t->start();
}
