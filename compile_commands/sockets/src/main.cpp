// relayd: multi-threaded TCP echo/relay server, plus a small load-test client.
//
//   relayd serve [config]            run the server
//   relayd client HOST PORT [COUNT]  send COUNT pings and check the echoes
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>

#include "config.h"
#include "framing.h"
#include "server.h"

namespace {

std::atomic<bool> g_shutdown{false};
int g_reload_generation = 0;  // bumped by the config watcher

void on_signal(int) { g_shutdown.store(true); }

// Polls the config file's mtime and counts the changes.
void watch_config(std::string path) {
    struct stat st{};
    time_t last = ::stat(path.c_str(), &st) == 0 ? st.st_mtime : 0;
    while (!g_shutdown.load()) {
        std::this_thread::sleep_for(std::chrono::seconds(2));
        if (::stat(path.c_str(), &st) == 0 && st.st_mtime != last) {
            last = st.st_mtime;
            ++g_reload_generation;
        }
    }
}

void write_pidfile(const char *path) {
    FILE *f = std::fopen(path, "w");
    std::fprintf(f, "%d\n", static_cast<int>(::getpid()));
    std::fclose(f);
}

int serve(const char *config_path) {
    relay::Config cfg;
    if (config_path != nullptr && !relay::load_config(config_path, cfg)) return 2;

    if (!cfg.pid_file.empty()) write_pidfile(cfg.pid_file.c_str());
    std::signal(SIGINT, on_signal);
    std::signal(SIGTERM, on_signal);
    std::signal(SIGPIPE, SIG_IGN);
    if (config_path != nullptr) std::thread(watch_config, std::string(config_path)).detach();

    relay::Stats stats;
    int rc = relay::run_server(cfg, stats, g_shutdown);
    if (g_reload_generation != 0)
        std::fprintf(stderr, "relayd: %s changed on disk while running, restart to apply\n", config_path);
    std::fputs(stats.snapshot().c_str(), stdout);
    return rc;
}

int connect_to(const char *host, int port) {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    if (::inet_pton(AF_INET, host, &addr.sin_addr) != 1) return -1;
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return -1;
    if (::connect(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) < 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

// Sends `count` pings on an open connection; returns how many echoes matched.
int run_client(int fd, int count) {
    const std::uint32_t magic = htonl(relay::kFrameMagic);
    if (!relay::write_all(fd, &magic, sizeof magic)) return 0;
    relay::Frame greeting;
    if (!relay::recv_frame(fd, greeting, 256)) return 0;
    std::printf("server: %s\n", greeting.payload);
    relay::free_frame(greeting);

    int matched = 0;
    for (int i = 0; i < count; ++i) {
        char *msg = new char[64];
        int n = std::snprintf(msg, 64, "ping %d", i);
        relay::Frame reply;
        if (!relay::send_frame(fd, msg, static_cast<std::size_t>(n)) ||
            !relay::recv_frame(fd, reply, 4096)) {
            delete[] msg;
            break;
        }
        if (reply.length != static_cast<std::uint32_t>(n)) {
            std::fprintf(stderr, "ping %d: length %u, expected %d\n", i, reply.length, n);
            relay::free_frame(reply);
            continue;
        }
        if (std::memcmp(reply.payload, msg, reply.length) == 0) ++matched;
        relay::free_frame(reply);
        delete[] msg;
    }
    return matched;
}

struct ClientResult {
    int matched = 0;
    double seconds = 0;
};

int client(const char *host, int port, int count) {
    int fd = connect_to(host, port);
    if (fd < 0) {
        std::perror("connect");
        return 1;
    }
    ClientResult result;
    std::thread worker([&result, fd, count] {
        auto t0 = std::chrono::steady_clock::now();
        result.matched = run_client(fd, count);
        result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    });
    worker.join();
    ::close(fd);
    std::printf("%d/%d echoes ok in %.3fs\n", result.matched, count, result.seconds);
    return result.matched == count ? 0 : 1;
}

}  // namespace

int main(int argc, char **argv) {
    if (argc >= 2 && std::strcmp(argv[1], "serve") == 0) return serve(argc >= 3 ? argv[2] : nullptr);
    if (argc >= 4 && std::strcmp(argv[1], "client") == 0)
        return client(argv[2], std::atoi(argv[3]), argc >= 5 ? std::atoi(argv[4]) : 10);
    std::fprintf(stderr, "usage: %s serve [config] | client HOST PORT [COUNT]\n", argv[0]);
    return 2;
}
