#pragma once

#include <QObject>
#include <QString>

class tst_LocalSocketPing : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void pingPong();
    void pingOnce();
    void serverDownIsDetected();

private:
    QString m_serverName;
};
