"""Cross-TU concurrency: summaries of several TUs linked into one thread-access graph."""
from __future__ import annotations

import shutil
from pathlib import Path

from helpers import REPO, require_qt, run_analysis, write_database

RACE = "clangcheck-concurrency-data-race"


def project(tmp_path: Path, files: dict[str, str], args: list[str]) -> Path:
    sources = []
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        if path.suffix in (".c", ".cpp"):
            sources.append(path)
    return write_database(tmp_path, sources, args + ["-I", str(tmp_path / "include")])


def findings(tmp_path: Path, files: dict[str, str], args: list[str], checks: str = "-*,clangcheck-concurrency-*"):
    outcome = run_analysis(project(tmp_path, files, args), checks=checks)
    assert not outcome.failures, outcome.failures
    return [(Path(f.location.file).name, f.location.line, f.check_id, f.message, f) for f in outcome.findings]


SERVER_H = """#pragma once
#include <QByteArray>
#include <QThread>
class ServerThread : public QThread {
public:
    ServerThread();
    QByteArray buffer;
protected:
    void run() override;
};
"""
SERVER_CPP = """#include "server.h"
#include <QLocalServer>
#include <QLocalSocket>
ServerThread::ServerThread() { buffer.resize(1024); }
void ServerThread::run() {
    QLocalServer server;
    server.listen(QStringLiteral("x"));
    QLocalSocket *socket = server.nextPendingConnection();
    QObject::connect(socket, &QLocalSocket::readyRead, [this, socket] { buffer = socket->readAll(); });
    exec();
}
"""


def test_qthread_run_in_one_file_owner_in_another_is_ordered_by_start(tmp_path):
    qt = list(require_qt()) + ["-fPIC", "-std=c++17"]
    owner = """#include "server.h"
int main() {
    ServerThread *t = new ServerThread;
    t->start();
    t->wait();
    int n = t->buffer.size();
    delete t;
    return n;
}
"""
    found = findings(tmp_path, {"include/server.h": SERVER_H, "src/server.cpp": SERVER_CPP, "src/main.cpp": owner}, qt)
    assert found == []


def test_qthread_owner_in_another_file_touching_the_buffer_races(tmp_path):
    qt = list(require_qt()) + ["-fPIC", "-std=c++17"]
    owner = """#include "server.h"
int main() {
    ServerThread *t = new ServerThread;
    t->start();
    t->buffer.clear();
    t->wait();
    return 0;
}
"""
    found = findings(tmp_path, {"include/server.h": SERVER_H, "src/server.cpp": SERVER_CPP, "src/main.cpp": owner}, qt)
    # both sides write: the finding sits at the first write in path order (main.cpp before server.cpp)
    assert [(f[0], f[1], f[2], f[3]) for f in found] == [
        ("main.cpp", 5, RACE,
         "'buffer' is written in the main thread and written in thread 'ServerThread::run' without a common lock"),
    ]
    notes = {(Path(n.location.file).name, n.location.line, n.message) for n in found[0][4].notes}
    assert ("server.cpp", 9, "written here in thread 'ServerThread::run', holding no lock") in notes
    assert ("main.cpp", 4, "thread 'ServerThread::run' is started here") in notes
    props = dict(found[0][4].properties)
    assert '"ServerThread::run"' in props["contexts"] and '"written"' in props["accesses"]


COUNTER_H = """#pragma once
#include <pthread.h>
extern long g_total;
extern pthread_mutex_t g_lock;
void add_total(long n);
void *worker(void *arg);
"""


def test_pthread_worker_and_main_in_two_c_files(tmp_path):
    worker = """#include "counter.h"
long g_total;
pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;
void add_total(long n) { g_total += n; }
void *worker(void *arg) {
    (void)arg;
    add_total(1);
    return 0;
}
"""
    main = """#include "counter.h"
#include <stdio.h>
int main(void) {
    pthread_t t;
    g_total = 5;
    pthread_create(&t, 0, worker, 0);
    printf("%ld\\n", g_total);
    pthread_join(t, 0);
    return 0;
}
"""
    found = findings(tmp_path, {"include/counter.h": COUNTER_H, "src/worker.c": worker, "src/main.c": main},
                     ["-std=c11", "-x", "c"])
    assert [(f[0], f[1], f[2]) for f in found] == [("worker.c", 4, RACE)]
    assert "read in the main thread" in found[0][3]


def test_lock_held_by_callers_in_another_file_protects_the_helper(tmp_path):
    worker = """#include "counter.h"
long g_total;
pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;
void add_total(long n) { g_total += n; }
"""
    threads = """#include "counter.h"
void *worker(void *arg) {
    (void)arg;
    pthread_mutex_lock(&g_lock);
    add_total(1);
    pthread_mutex_unlock(&g_lock);
    return 0;
}
int main(void) {
    pthread_t a, b;
    pthread_create(&a, 0, worker, 0);
    pthread_create(&b, 0, worker, 0);
    pthread_mutex_lock(&g_lock);
    add_total(2);
    pthread_mutex_unlock(&g_lock);
    pthread_join(a, 0);
    pthread_join(b, 0);
    return (int)g_total;
}
"""
    found = findings(tmp_path, {"include/counter.h": COUNTER_H, "src/total.c": worker, "src/threads.c": threads},
                     ["-std=c11", "-x", "c"])
    assert found == []


def test_one_finding_per_location_across_tus_and_header_methods(tmp_path):
    header = """#pragma once
#include <thread>
struct Stats {
    long frames = 0;
    long get() const { return frames; }
    void bump() { ++frames; }
};
void serve(Stats &s);
"""
    serve = """#include "stats.h"
void serve(Stats &s) { for (int i = 0; i < 3; ++i) s.bump(); }
"""
    main = """#include "stats.h"
#include <functional>
int main() {
    Stats stats;
    std::thread t(serve, std::ref(stats));
    long a = stats.get();
    long b = stats.get();
    t.join();
    return int(a + b);
}
"""
    found = findings(tmp_path, {"include/stats.h": header, "src/serve.cpp": serve, "src/main.cpp": main},
                     ["-std=c++17"])
    assert [(f[0], f[1], f[2]) for f in found] == [("stats.h", 6, RACE)]


SERVICE_H = """#pragma once
#include <atomic>
#include <thread>
class Service {
public:
    void start();
    void stop();
    int results = 0;
private:
    void loop();
    std::atomic<bool> running{true};
    std::thread worker;
};
"""
SERVICE_CPP = """#include "service.h"
void Service::start() { worker = std::thread(&Service::loop, this); }
void Service::stop() {
    running = false;
    worker.join();
}
void Service::loop() {
    while (running)
        results++;
}
"""


def test_join_inside_a_callee_in_another_file_orders_the_caller(tmp_path):
    ok = """#include "service.h"
int collect(Service &s) {
    s.start();
    s.stop();
    return s.results;
}
"""
    files = {"include/service.h": SERVICE_H, "service.cpp": SERVICE_CPP, "main.cpp": ok}
    assert [f for f in findings(tmp_path, files, ["-std=c++17"]) if f[2] == RACE] == []


READ_BEFORE_STOP = """#include "service.h"
int collect(Service &s) {
    s.start();
    int early = s.results;
    s.stop();
    return early;
}
"""


def test_read_before_the_joining_call_in_another_file_races(tmp_path):
    files = {"include/service.h": SERVICE_H, "service.cpp": SERVICE_CPP, "main.cpp": READ_BEFORE_STOP}
    races = [f for f in findings(tmp_path, files, ["-std=c++17"]) if f[2] == RACE]
    assert [(name, line) for name, line, *_ in races] == [("service.cpp", 9)]
    notes = [(Path(n.location.file).name, n.location.line) for n in races[0][4].notes]
    assert ("main.cpp", 4) in notes


def test_race_properties_describe_contexts_and_accesses(tmp_path):
    import json

    files = {"include/service.h": SERVICE_H, "service.cpp": SERVICE_CPP, "main.cpp": READ_BEFORE_STOP}
    [race] = [f[4] for f in findings(tmp_path, files, ["-std=c++17"]) if f[2] == RACE]
    props = {name: json.loads(text) for name, text in race.properties}
    assert props["location"]["name"] == "results"
    kinds = {c["id"]: c for c in props["contexts"]}
    assert sorted(c["kind"] for c in kinds.values()) == ["main", "thread"]
    thread = next(c for c in kinds.values() if c["kind"] == "thread")
    assert thread["entry"] == "Service::loop" and thread["api"] == "std::thread" and thread["starter"] == "Service::start"
    assert thread["start"].endswith("service.cpp:2:34") and thread["multiple"] is False
    first, second = props["accesses"]
    assert first["write"] and first["kind"] == "written" and first["context"] == thread["id"]
    assert first["location"].endswith("service.cpp:9:9") and first["function"] == "Service::loop"
    assert not second["write"] and second["context"] == "main" and second["locks"] == []
    assert second["location"].endswith("main.cpp:4:19") and second["function"] == "collect"


def test_slot_of_an_object_moved_to_a_thread_in_another_file_races_with_main(tmp_path):
    qt = list(require_qt()) + ["-fPIC", "-std=c++17"]
    header = """#pragma once
#include <QObject>
#include <QThread>
class Worker : public QObject {
public:
    void process();
    int done = 0;
};
class Controller {
public:
    Controller();
    QThread thread;
    Worker *worker;
};
"""
    controller = """#include "worker.h"
void Worker::process() { done = 1; }
Controller::Controller() : worker(new Worker) {
    worker->moveToThread(&thread);
    QObject::connect(&thread, &QThread::started, worker, &Worker::process);
    thread.start();
}
"""
    main = """#include "worker.h"
int poll(Controller &c) { return c.worker->done; }
"""
    files = {"include/worker.h": header, "controller.cpp": controller, "main.cpp": main}
    races = [f for f in findings(tmp_path, files, qt) if f[2] == RACE]
    assert [(name, line) for name, line, *_ in races] == [("controller.cpp", 2)]
    assert "the thread of 'thread'" in races[0][3] and "the main thread" in races[0][3]


def test_worker_moved_to_a_thread_whose_only_connected_slot_is_qts_own_makes_no_thread(tmp_path):
    """`connect(&thread, &QThread::finished, worker, &QObject::deleteLater)`: the slot has no body in
    the project, so the thread runs nothing of ours (this used to end the link phase in an IndexError)."""
    qt = list(require_qt()) + ["-fPIC", "-std=c++17"]
    header = """#pragma once
#include <QObject>
#include <QThread>
class Worker : public QObject {
public:
    int done = 0;
};
class Controller {
public:
    Controller();
    ~Controller();
    QThread thread;
    Worker *worker;
};
"""
    controller = """#include "worker.h"
Controller::Controller() : worker(new Worker) {
    worker->moveToThread(&thread);
    QObject::connect(&thread, &QThread::finished, worker, &QObject::deleteLater);
    thread.start();
}
Controller::~Controller() { thread.quit(); thread.wait(); }
"""
    main = """#include "worker.h"
int poll(Controller &c) { c.worker->done = 2; return c.worker->done; }
"""
    files = {"include/worker.h": header, "controller.cpp": controller, "main.cpp": main}
    assert [f for f in findings(tmp_path, files, qt) if f[2] == RACE] == []


def test_the_link_reads_check_options_from_the_configuration(tmp_path: Path) -> None:
    """`CheckOptions` reach a whole-program check's link as they reach the TU phase:
    MinGuardedAccesses raised past the case's guarded accesses silences inconsistent-locking."""
    case = REPO / "tests" / "checks" / "concurrency" / "inconsistent-locking.pthread.c"
    shutil.copy(case, tmp_path / case.name)
    db = write_database(tmp_path, [tmp_path / case.name], ["-x", "c", "-std=c11", "-pthread"])
    checks = "-*,clangcheck-concurrency-inconsistent-locking"
    by_default = run_analysis(db, checks=checks).findings
    raised = run_analysis(db, checks=checks, config=(
        "{CheckOptions: {clangcheck-concurrency-inconsistent-locking.MinGuardedAccesses: 1000}}")).findings
    assert by_default and raised == []
