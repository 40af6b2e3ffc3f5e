#include "framing.h"

#include <arpa/inet.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cassert>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace relay {
namespace {

void put_header(std::uint8_t *hdr, std::uint32_t len) {
    const std::uint32_t magic = htonl(kFrameMagic);
    const std::uint32_t nlen = htonl(len);
    std::memcpy(hdr, &magic, 4);
    std::memcpy(hdr + 4, &nlen, 4);
}

bool parse_header(const std::uint8_t *hdr, std::uint32_t *len) {
    std::uint32_t magic = 0;
    std::uint32_t nlen = 0;
    std::memcpy(&magic, hdr, 4);
    std::memcpy(&nlen, hdr + 4, 4);
    *len = ntohl(nlen);
    return ntohl(magic) == kFrameMagic;
}

}  // namespace

bool write_all(int fd, const void *buf, std::size_t len) {
    const char *p = static_cast<const char *>(buf);
    while (len > 0) {
        ssize_t n = ::write(fd, p, len);
        if (n < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        p += n;
        len -= static_cast<std::size_t>(n);
    }
    return true;
}

bool read_full(int fd, void *buf, std::size_t len) {
    char *p = static_cast<char *>(buf);
    while (len > 0) {
        ssize_t n = ::read(fd, p, len);
        if (n == 0) return false;  // peer closed mid-frame
        if (n < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        p += n;
        len -= static_cast<std::size_t>(n);
    }
    return true;
}

bool send_frame(int fd, const char *data, std::size_t len) {
    std::uint8_t hdr[kHeaderSize];
    put_header(hdr, static_cast<std::uint32_t>(len));
    return write_all(fd, hdr, sizeof hdr) && write_all(fd, data, len);
}

bool recv_frame(int fd, Frame &out, std::size_t max_len) {
    std::uint8_t hdr[kHeaderSize];
    if (!read_full(fd, hdr, sizeof hdr)) return false;
    std::uint32_t len = 0;
    if (!parse_header(hdr, &len) || len > max_len) return false;

    char *payload = static_cast<char *>(std::malloc(len + 1));
    if (payload == nullptr) return false;
    if (!read_full(fd, payload, len)) {
        std::fprintf(stderr, "framing: short frame body (%u bytes expected)\n", len);
        return false;
    }
    payload[len] = '\0';
    out.length = len;
    out.payload = payload;  // the frame owns it now
    return true;
}

void free_frame(Frame &f) {
    std::free(f.payload);
    f.payload = nullptr;
    f.length = 0;
}

Frame *decode_frame(const std::uint8_t *buf, std::size_t len) {
    std::uint32_t plen = 0;
    if (len < kHeaderSize || !parse_header(buf, &plen) || len - kHeaderSize < plen) return nullptr;
    Frame *f = new Frame;
    f->payload = static_cast<char *>(std::malloc(plen + 1));
    if (f->payload == nullptr) {
        delete f;
        return nullptr;
    }
    std::memcpy(f->payload, buf + kHeaderSize, plen);
    f->payload[plen] = '\0';
    f->length = plen;
    return f;
}

std::uint8_t *encode_frame(const char *data, std::size_t len, std::size_t *out_len) {
    std::size_t cap = 512;  // most frames are small: avoid a second allocation
    std::uint8_t *out = new std::uint8_t[cap];
    const std::size_t need = kHeaderSize + len;
    if (need > cap) {
        cap = need;
        out = new std::uint8_t[cap];
    }
    put_header(out, static_cast<std::uint32_t>(len));
    std::memcpy(out + kHeaderSize, data, len);
    *out_len = need;
    return out;
}

bool send_ping(int fd) {
    std::uint8_t hdr[kHeaderSize];
    put_header(hdr, 0);
    ssize_t n = ::send(fd, hdr, sizeof hdr, MSG_NOSIGNAL);
    if (n < 0) {
        std::perror("send_ping");
        return false;
    }
    return true;
}

bool expect_magic(int fd) {
    std::uint32_t magic = 0;
    ssize_t n = ::read(fd, &magic, sizeof magic);
    assert(n == static_cast<ssize_t>(sizeof magic));
    return ntohl(magic) == kFrameMagic;
}

}  // namespace relay
