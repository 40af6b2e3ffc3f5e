// RUN-CHECKS: -*,clangcheck-errors-*
// A C++ listener: socket/bind/listen in sequence, each failure turned into an exception or not.
#include <netinet/in.h>
#include <stdexcept>
#include <sys/socket.h>
#include <system_error>
#include <cerrno>
#include <unistd.h>

class Listener {
public:
    explicit Listener(std::uint16_t port);
    ~Listener() { ::close(fd_); }
    int fd() const { return fd_; }
private:
    int fd_ = -1;
};

static void throw_errno(const char *what) {
    throw std::system_error(errno, std::generic_category(), what);
}

Listener::Listener(std::uint16_t port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd_ < 0)
        throw_errno("socket");
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    if (::bind(fd_, reinterpret_cast<sockaddr *>(&addr), sizeof addr) != 0)
        throw_errno("bind");
    if (::listen(fd_, SOMAXCONN) != 0)
        throw_errno("listen");
}

int open_listener_bad(std::uint16_t port) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return -1;
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    ::bind(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr);  // expect: clangcheck-errors-unchecked-result
    ::listen(fd, SOMAXCONN);  // expect: clangcheck-errors-unchecked-result
    return fd;
}

int accept_client_ok(const Listener &listener) {
    int client = ::accept(listener.fd(), nullptr, nullptr);
    if (client < 0 && errno != EAGAIN)
        throw_errno("accept");
    return client;
}
