#include "server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <sstream>

namespace relay {

// ---- Stats -----------------------------------------------------------------

void Stats::on_peer(const std::string &peer) { last_peer_ = peer; }

void Stats::on_frame(const std::string &peer, std::size_t bytes) {
    ++frames_;
    std::lock_guard<std::mutex> lock(mu_);
    bytes_in_ += bytes;
    per_peer_[peer] += bytes;
}

void Stats::on_error(const char *what) {
    had_error_ = true;
    std::fprintf(stderr, "relayd: error: %s\n", what);
}

std::uint64_t Stats::bytes_in() const { return bytes_in_; }

std::string Stats::snapshot() const {
    std::ostringstream out;
    out << "accepted " << accepted() << " frames " << frames() << '\n';
    std::lock_guard<std::mutex> lock(mu_);
    out << "bytes_in " << bytes_in_ << '\n';
    for (const auto &kv : per_peer_) out << "  " << kv.first << ' ' << kv.second << '\n';
    return out.str();
}

// ---- Connection teardown -----------------------------------------------------

Connection::~Connection() {
    free_frame(*pending_);
    delete[] label_;
    if (upstream_fd_ >= 0) ::close(upstream_fd_);
    ::close(fd_);
}

// ---- WorkerPool ------------------------------------------------------------

void WorkerPool::start() {
    for (std::size_t i = 0; i < nthreads_; ++i) threads_.emplace_back(&WorkerPool::worker_loop, this);
}

void WorkerPool::submit(std::unique_ptr<Connection> conn) {
    {
        std::lock_guard<std::mutex> lock(mu_);
        queue_.push_back(std::move(conn));
    }
    cv_.notify_one();
}

void WorkerPool::stop() {
    {
        std::lock_guard<std::mutex> lock(mu_);
        stopping_ = true;
    }
    cv_.notify_all();
    for (auto &t : threads_) {
        if (t.joinable()) t.join();
    }
    threads_.clear();
}

std::size_t WorkerPool::queued() const {
    std::lock_guard<std::mutex> lock(mu_);
    return queue_.size();
}

void WorkerPool::worker_loop() {
    for (;;) {
        std::unique_ptr<Connection> conn;
        {
            std::unique_lock<std::mutex> lock(mu_);
            cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
            if (stopping_ && queue_.empty()) return;
            conn = std::move(queue_.front());
            queue_.pop_front();
        }
        conn->serve();  // the connection is destroyed (and its fd closed) here
    }
}

// ---- Listening sockets -------------------------------------------------------

int open_listener(const Config &cfg) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return -1;
    int one = 1;
    if (::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) < 0) {
        std::perror("setsockopt");
        return -1;
    }
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(cfg.port));
    if (::inet_pton(AF_INET, cfg.listen_addr.c_str(), &addr.sin_addr) != 1 ||
        ::bind(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) < 0) {
        std::perror("bind");
        ::close(fd);
        return -1;
    }
    ::listen(fd, cfg.backlog);
    return fd;
}

int open_health_socket(int port) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return -1;
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr);
    if (::listen(fd, 4) < 0) {
        std::perror("listen health");
        ::close(fd);
        return -1;
    }
    return fd;
}

namespace {

void log_stats(const Stats &stats) {
    std::fprintf(stderr, "relayd: %llu clients, %llu frames, %llu bytes, last peer %s%s\n",
                 static_cast<unsigned long long>(stats.accepted()),
                 static_cast<unsigned long long>(stats.frames()),
                 static_cast<unsigned long long>(stats.bytes_in()), stats.last_peer().c_str(),
                 stats.had_error() ? " (errors)" : "");
}

bool accept_one(int lfd, const Config &cfg, Stats &stats, WorkerPool &pool) {
    sockaddr_in addr{};
    socklen_t alen = sizeof addr;
    int fd = ::accept(lfd, reinterpret_cast<sockaddr *>(&addr), &alen);
    if (fd < 0) return errno == EINTR || errno == ECONNABORTED;
    char host[INET_ADDRSTRLEN] = "?";
    ::inet_ntop(AF_INET, &addr.sin_addr, host, sizeof host);
    stats.on_accept();
    pool.submit(std::make_unique<Connection>(fd, host, cfg, stats));
    return true;
}

}  // namespace

int run_server(const Config &cfg, Stats &stats, const std::atomic<bool> &stop) {
    WorkerPool *pool = new WorkerPool(static_cast<std::size_t>(std::max(1, cfg.workers)));
    int lfd = open_listener(cfg);
    if (lfd < 0) {
        std::fprintf(stderr, "relayd: cannot listen on %s:%d\n", cfg.listen_addr.c_str(), cfg.port);
        return 1;
    }
    int hfd = cfg.health_port > 0 ? open_health_socket(cfg.health_port) : -1;
    pool->start();

    int rc = 0;
    while (!stop.load()) {
        pollfd fds[2] = {{lfd, POLLIN, 0}, {hfd, POLLIN, 0}};
        int r = ::poll(fds, hfd >= 0 ? 2 : 1, 1000);
        if (r < 0 && errno != EINTR) {
            std::perror("poll");
            rc = 1;
            break;
        }
        if (r <= 0) {
            log_stats(stats);
            continue;
        }
        if ((fds[0].revents & POLLIN) && !accept_one(lfd, cfg, stats, *pool)) {
            rc = 1;
            break;
        }
        if (hfd >= 0 && (fds[1].revents & POLLIN)) {
            int probe = ::accept(hfd, nullptr, nullptr);  // load balancer health check
            if (probe >= 0) {
                if (!write_all(probe, "OK\n", 3)) std::perror("health reply");
                ::close(probe);
            }
        }
    }
    pool->stop();
    delete pool;
    if (hfd >= 0) ::close(hfd);
    ::close(lfd);
    return rc;
}

}  // namespace relay
