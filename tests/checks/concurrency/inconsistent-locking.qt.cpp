// RUN-WITH: qt
// A QMutex guards a member at every access but one.
#include <QMutex>
#include <QMutexLocker>
#include <QString>

// --- bad: reset() forgets the lock ------------------------------------------------------------------------------------
class Session {
public:
    QString user() const {
        QMutexLocker locker(&m_mutex);
        return m_user;
    }
    void login(const QString &u) {
        QMutexLocker locker(&m_mutex);
        m_user = u;
    }
    void rename(const QString &u) {
        QMutexLocker locker(&m_mutex);
        m_user = u;
    }
    void reset() { m_user.clear(); }  // expect: clangcheck-concurrency-inconsistent-locking

private:
    mutable QMutex m_mutex;
    QString m_user;
};

// --- ok: every access locks ----------------------------------------------------------------------------------------------
class Token {
public:
    QString value() const {
        QMutexLocker locker(&m_mutex);
        return m_value;
    }
    void set(const QString &v) {
        QMutexLocker locker(&m_mutex);
        m_value = v;
    }
    void clear() {
        QMutexLocker locker(&m_mutex);
        m_value.clear();
    }

private:
    mutable QMutex m_mutex;
    QString m_value;
};
