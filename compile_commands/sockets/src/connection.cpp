#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "server.h"

namespace relay {
namespace {

constexpr std::size_t kIoChunk = 4096;
constexpr int kUpstreamWaitMs = 200;
std::atomic<unsigned> g_next_id{1};

}  // namespace

Connection::Connection(int fd, std::string peer, const Config &cfg, Stats &stats)
    : fd_(fd), peer_(std::move(peer)), cfg_(cfg), stats_(stats),
      label_(new char[peer_.size() + 16]), pending_(new Frame) {
    std::snprintf(label_, peer_.size() + 16, "%s#%u", peer_.c_str(), g_next_id.fetch_add(1));
}

void Connection::serve() {
    stats_.on_peer(peer_);
    if (!expect_magic(fd_)) {
        std::fprintf(stderr, "%s: bad magic, dropping\n", label_);
        send_error_reply("bad magic");
        stats_.on_error("handshake");
        return;
    }
    if (!cfg_.upstream_host.empty()) {
        upstream_fd_ = connect_upstream(cfg_);
        if (upstream_fd_ < 0) {
            send_error_reply("upstream unavailable");
            stats_.on_error("upstream connect");
            return;
        }
    }
    send_greeting();
    while (recv_frame(fd_, *pending_, cfg_.max_frame)) {
        stats_.on_frame(peer_, pending_->length);
        bool ok = true;
        if (pending_->length == 0) {
            ok = send_ping(fd_);  // answer keepalives in kind
        } else {
            ok = upstream_fd_ >= 0 ? forward(*pending_) : echo(*pending_);
        }
        free_frame(*pending_);
        if (!ok) {
            stats_.on_error("io");
            break;
        }
    }
    std::fprintf(stderr, "%s: closed\n", label_);
}

bool Connection::echo(const Frame &f) {
    std::size_t wire_len = 0;
    std::uint8_t *wire = encode_frame(f.payload, f.length, &wire_len);
    const bool ok = write_all(fd_, wire, wire_len);
    delete[] wire;
    return ok;
}

bool Connection::forward(const Frame &f) {
    if (!send_frame(upstream_fd_, f.payload, f.length)) return false;
    return pump_upstream();
}

// Copies whatever the upstream answered within kUpstreamWaitMs back to the client.
bool Connection::pump_upstream() {
    for (;;) {
        pollfd p{upstream_fd_, POLLIN, 0};
        if (::poll(&p, 1, kUpstreamWaitMs) <= 0) return true;  // quiet: done for now
        char *chunk = static_cast<char *>(std::malloc(kIoChunk));
        if (chunk == nullptr) return false;
        ssize_t n = ::recv(upstream_fd_, chunk, kIoChunk, 0);
        if (n == 0) break;  // upstream hung up
        if (n < 0) {
            std::free(chunk);
            return errno == EINTR;
        }
        const bool ok = write_all(fd_, chunk, static_cast<std::size_t>(n));
        std::free(chunk);
        if (!ok) return false;
    }
    std::fprintf(stderr, "%s: upstream closed\n", label_);
    return false;
}

void Connection::send_greeting() {
    char *banner = new char[64];
    int n = std::snprintf(banner, 64, "relayd/1 %s ready", upstream_fd_ >= 0 ? "relay" : "echo");
    if (!send_frame(fd_, banner, static_cast<std::size_t>(n))) stats_.on_error("greeting");
    delete banner;
}

void Connection::send_error_reply(const char *reason) {
    char msg[128];
    int n = std::snprintf(msg, sizeof msg, "ERR %s\n", reason);
    ::write(fd_, msg, static_cast<std::size_t>(n));
}

int connect_upstream(const Config &cfg) {
    addrinfo hints{};
    hints.ai_family = AF_INET;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo *res = nullptr;
    const std::string port = std::to_string(cfg.upstream_port);
    if (::getaddrinfo(cfg.upstream_host.c_str(), port.c_str(), &hints, &res) != 0) return -1;
    int fd = ::socket(res->ai_family, res->ai_socktype, res->ai_protocol);
    if (fd < 0) {
        ::freeaddrinfo(res);
        return -1;
    }
    if (::connect(fd, res->ai_addr, res->ai_addrlen) < 0) {
        std::perror("connect upstream");
        ::close(fd);
        ::freeaddrinfo(res);
        return -1;
    }
    ::freeaddrinfo(res);
    return fd;
}

}  // namespace relay
