// RUN-WITH: qt
// QtConcurrent::run with a member function: the member runs on the global thread pool until the
// QFuture is waited for.
#include <QFuture>
#include <QStringList>
#include <QtConcurrent/QtConcurrent>

// --- bad: the caller reads the list while load() fills it ----------------------------------------------------
class Loader {
public:
    void load() { m_lines.append(QStringLiteral("line")); }  // expect: clangcheck-concurrency-data-race
    QStringList m_lines;
};

qsizetype load_bad(Loader &l) {
    QFuture<void> f = QtConcurrent::run(&Loader::load, &l);
    qsizetype n = l.m_lines.size();
    f.waitForFinished();
    return n;
}

// --- ok: the list is read after waitForFinished() ----------------------------------------------------------------
class Indexer {
public:
    void index() { m_words.append(QStringLiteral("word")); }
    QStringList m_words;
};

qsizetype index_ok(Indexer &i) {
    QFuture<void> f = QtConcurrent::run(&Indexer::index, &i);
    f.waitForFinished();
    return i.m_words.size();
}
