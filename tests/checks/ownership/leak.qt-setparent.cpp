// RUN-WITH: qt
// Parents given later with setParent(): owned from that statement on.
#include <QObject>
#include <QTimer>

bool configure(int);

class Panel : public QObject {
public:
    QTimer *makeTimer_ok(int ms);
    QTimer *makeTimer_bad(int ms);
    void adopt_ok(QObject *child);
};

QTimer *Panel::makeTimer_ok(int ms)
{
    QTimer *t = new QTimer();
    t->setParent(this);
    if (!configure(ms))
        return nullptr;
    t->setInterval(ms);
    return t;
}

QTimer *Panel::makeTimer_bad(int ms)
{
    QTimer *t = new QTimer();
    if (!configure(ms))
        return nullptr;  // expect: clangcheck-ownership-leak
    t->setParent(this);
    t->setInterval(ms);
    return t;
}

void Panel::adopt_ok(QObject *child)
{
    child->setParent(this);
}
