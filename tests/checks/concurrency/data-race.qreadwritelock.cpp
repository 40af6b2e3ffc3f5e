// RUN-WITH: qt
// QReadWriteLock with explicit lockForRead()/lockForWrite()/unlock().
#include <QHash>
#include <QReadWriteLock>
#include <QString>
#include <QThread>

// --- ok: lookups under the read lock, inserts under the write lock --------------------------------------------------
class Directory : public QThread {
public:
    int port(const QString &name) {
        m_lock.lockForRead();
        int p = m_ports.value(name);
        m_lock.unlock();
        return p;
    }

protected:
    void run() override {
        m_lock.lockForWrite();
        m_ports.insert(QStringLiteral("http"), 80);
        m_lock.unlock();
    }

private:
    QReadWriteLock m_lock;
    QHash<QString, int> m_ports;
};

int directory_ok(Directory &d) {
    d.start();
    return d.port(QStringLiteral("http"));
}

// --- bad: the thread inserts after unlocking ---------------------------------------------------------------------------
class Aliases : public QThread {
public:
    QString alias(const QString &name) {
        m_lock.lockForRead();
        QString a = m_aliases.value(name);
        m_lock.unlock();
        return a;
    }

protected:
    void run() override {
        m_lock.lockForWrite();
        m_lock.unlock();
        m_aliases.insert(QStringLiteral("www"), QStringLiteral("web"));  // expect: clangcheck-concurrency-data-race
    }

private:
    QReadWriteLock m_lock;
    QHash<QString, QString> m_aliases;
};

QString aliases_bad(Aliases &a) {
    a.start();
    return a.alias(QStringLiteral("www"));
}
