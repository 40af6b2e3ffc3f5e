#include "config.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace relay {
namespace {

char *trim(char *s) {
    while (*s == ' ' || *s == '\t') ++s;
    char *end = s + std::strlen(s);
    while (end > s && std::strchr(" \t\r\n", end[-1]) != nullptr) --end;
    *end = '\0';
    return s;
}

bool split_kv(char *line, char **key, char **value) {
    char *eq = std::strchr(line, '=');
    if (eq == nullptr) return false;
    *eq = '\0';
    *key = trim(line);
    *value = trim(eq + 1);
    return **key != '\0';
}

bool apply(Config &cfg, const char *key, const char *value) {
    if (std::strcmp(key, "listen") == 0) cfg.listen_addr = value;
    else if (std::strcmp(key, "port") == 0) cfg.port = std::atoi(value);
    else if (std::strcmp(key, "health_port") == 0) cfg.health_port = std::atoi(value);
    else if (std::strcmp(key, "workers") == 0) cfg.workers = std::atoi(value);
    else if (std::strcmp(key, "backlog") == 0) cfg.backlog = std::atoi(value);
    else if (std::strcmp(key, "max_frame") == 0) cfg.max_frame = std::strtoul(value, nullptr, 10);
    else if (std::strcmp(key, "upstream_host") == 0) cfg.upstream_host = value;
    else if (std::strcmp(key, "upstream_port") == 0) cfg.upstream_port = std::atoi(value);
    else if (std::strcmp(key, "pid_file") == 0) cfg.pid_file = value;
    else return false;
    return true;
}

}  // namespace

bool load_config(const char *path, Config &out) {
    FILE *f = std::fopen(path, "r");
    if (f == nullptr) {
        std::fprintf(stderr, "config: cannot open %s: %s\n", path, std::strerror(errno));
        return false;
    }
    char line[512];
    int lineno = 0;
    while (std::fgets(line, sizeof line, f) != nullptr) {
        ++lineno;
        if (std::strchr(line, '\n') == nullptr && !std::feof(f)) {
            std::fprintf(stderr, "config: %s:%d: line too long\n", path, lineno);
            return false;
        }
        char *s = trim(line);
        if (*s == '\0' || *s == '#') continue;
        char *key = nullptr;
        char *value = nullptr;
        if (!split_kv(s, &key, &value) || !apply(out, key, value)) {
            std::fprintf(stderr, "config: %s:%d: bad setting '%s'\n", path, lineno, s);
            std::fclose(f);
            return false;
        }
    }
    std::fclose(f);
    return true;
}

}  // namespace relay
