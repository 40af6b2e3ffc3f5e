// relayd configuration: "key = value" text files, '#' starts a comment.
#pragma once

#include <cstddef>
#include <string>

namespace relay {

struct Config {
    std::string listen_addr = "0.0.0.0";
    int port = 7000;
    int health_port = 7001;      // loopback health-check port, 0 disables it
    int workers = 4;
    int backlog = 64;
    std::size_t max_frame = 64 * 1024;
    std::string upstream_host;   // empty: echo mode, otherwise relay mode
    int upstream_port = 0;
    std::string pid_file;        // empty: none
};

// Reads `path` into `out`. Returns false (after logging) on I/O or syntax errors.
bool load_config(const char *path, Config &out);

}  // namespace relay
