// RUN-WITH: qt
// A QThread subclass owning raw members: a QObject member with this as parent is owned.
#include <QLocalServer>
#include <QObject>
#include <QThread>
#include <QTimer>

struct Stats {
    int accepted = 0;
};

class ServerThread_bad : public QThread {
public:
    ServerThread_bad() : stats(new Stats) {}  // expect: clangcheck-ownership-member-not-released
    ~ServerThread_bad() override { wait(); }
    void run() override { stats->accepted++; }

private:
    Stats *stats;
};

class ServerThread_ok : public QThread {
public:
    ServerThread_ok() : stats(new Stats), timer(new QTimer(this)) {}
    ~ServerThread_ok() override { wait(); delete stats; }
    void run() override { stats->accepted++; }

private:
    Stats *stats;
    QTimer *timer;
};
