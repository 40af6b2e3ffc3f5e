// RUN-WITH: qt
// Qt containers of owning pointers cleaned with qDeleteAll; leaks before the append.
#include <QHash>
#include <QList>
#include <QObject>
#include <QString>
#include <QTimer>

class Pool {
public:
    ~Pool() { qDeleteAll(timers); qDeleteAll(named); }
    bool add_ok(int ms);
    bool add_bad(int ms);
    void name_ok(const QString &key);
    QList<QTimer *> timers;
    QHash<QString, QTimer *> named;
};

bool Pool::add_ok(int ms)
{
    QTimer *t = new QTimer();
    timers.append(t);
    if (ms <= 0)
        return false;
    t->setInterval(ms);
    return true;
}

bool Pool::add_bad(int ms)
{
    QTimer *t = new QTimer();
    if (ms <= 0)
        return false;  // expect: clangcheck-ownership-leak
    t->setInterval(ms);
    timers << t;
    return true;
}

void Pool::name_ok(const QString &key)
{
    QTimer *t = new QTimer();
    named.insert(key, t);
}

void cleanup_ok(QList<QObject *> &objects)
{
    qDeleteAll(objects);
    objects.clear();
}
