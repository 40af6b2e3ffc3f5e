// relayd server side: statistics, per-client connections, worker pool.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "config.h"
#include "framing.h"

namespace relay {

// Shared by all worker threads; the main thread prints it periodically.
class Stats {
public:
    void on_accept() { accepted_.fetch_add(1, std::memory_order_relaxed); }
    void on_peer(const std::string &peer);
    void on_frame(const std::string &peer, std::size_t bytes);
    void on_error(const char *what);

    std::uint64_t accepted() const { return accepted_.load(std::memory_order_relaxed); }
    std::uint64_t frames() const { return frames_; }
    std::uint64_t bytes_in() const;
    std::string last_peer() const { return last_peer_; }
    bool had_error() const { return had_error_; }
    std::string snapshot() const;

private:
    std::atomic<std::uint64_t> accepted_{0};
    std::uint64_t frames_ = 0;
    bool had_error_ = false;
    std::string last_peer_;

    mutable std::mutex mu_;
    std::uint64_t bytes_in_ = 0;                          // guarded by mu_
    std::map<std::string, std::uint64_t> per_peer_;       // guarded by mu_
};

// One accepted client. Lives on a worker thread from submit() to the end of serve().
class Connection {
public:
    Connection(int fd, std::string peer, const Config &cfg, Stats &stats);
    ~Connection();  // in server.cpp, next to the pool that destroys connections
    Connection(const Connection &) = delete;
    Connection &operator=(const Connection &) = delete;

    void serve();
    const std::string &peer() const { return peer_; }

private:
    bool echo(const Frame &f);
    bool forward(const Frame &f);
    bool pump_upstream();
    void send_greeting();
    void send_error_reply(const char *reason);

    int fd_;
    int upstream_fd_ = -1;
    std::string peer_;
    const Config &cfg_;
    Stats &stats_;
    char *label_;     // "peer#id" for log lines, new[] in the constructor
    Frame *pending_;  // frame being processed, new in the constructor
};

class WorkerPool {
public:
    explicit WorkerPool(std::size_t nthreads) : nthreads_(nthreads) {}
    ~WorkerPool() { stop(); }

    void start();
    void submit(std::unique_ptr<Connection> conn);
    void stop();  // wakes and joins all workers; idempotent
    std::size_t queued() const;

private:
    void worker_loop();

    std::size_t nthreads_;
    std::vector<std::thread> threads_;
    mutable std::mutex mu_;
    std::condition_variable cv_;
    std::deque<std::unique_ptr<Connection>> queue_;  // guarded by mu_
    bool stopping_ = false;                          // guarded by mu_
};

int open_listener(const Config &cfg);
int open_health_socket(int port);
int connect_upstream(const Config &cfg);

// Accept loop on the calling (main) thread; logs the stats about once a second.
int run_server(const Config &cfg, Stats &stats, const std::atomic<bool> &stop);

}  // namespace relay
