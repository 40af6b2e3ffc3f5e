// Wire format: 4-byte magic, 4-byte payload length (network order), payload.
#pragma once

#include <cstddef>
#include <cstdint>

namespace relay {

constexpr std::uint32_t kFrameMagic = 0x52454C59;  // "RELY"
constexpr std::size_t kHeaderSize = 8;

struct Frame {
    std::uint32_t length = 0;
    char *payload = nullptr;  // malloc'ed, NUL-terminated, owned by the frame
};

// Blocking helpers that loop until the whole buffer is transferred.
bool write_all(int fd, const void *buf, std::size_t len);
bool read_full(int fd, void *buf, std::size_t len);

bool send_frame(int fd, const char *data, std::size_t len);
bool recv_frame(int fd, Frame &out, std::size_t max_len);
void free_frame(Frame &f);

// Parses one complete frame from memory. The caller owns the result (delete it
// after free_frame()). Returns nullptr on short or malformed input.
Frame *decode_frame(const std::uint8_t *buf, std::size_t len);

// Header + payload in one buffer for a single write. Caller delete[]s it.
std::uint8_t *encode_frame(const char *data, std::size_t len, std::size_t *out_len);

// Keepalive: an empty frame.
bool send_ping(int fd);

// First thing a client sends: the bare magic.
bool expect_magic(int fd);

}  // namespace relay
