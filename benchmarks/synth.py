"""Generate a synthetic C++ project of N translation units, with its compile_commands.json.

    python benchmarks/synth.py 100 /tmp/synth100
    python benchmarks/compare.py /tmp/synth100 -j 2

Each TU defines a worker class with a std::thread, a mutex-guarded counter, an unguarded flag,
allocations released on some paths and not others, and socket I/O with checked and unchecked
results; all TUs share a few project headers, as real code does. Used to measure how time grows
with N and what share the global link phase takes.
"""
from __future__ import annotations

import json
import os
import sys

HEADER = """#pragma once
#include <atomic>
#include <cstddef>
#include <mutex>
#include <string>
#include <thread>
#include <vector>
#include <sys/socket.h>
#include <unistd.h>

namespace synth {{
struct Stats{k} {{
    std::mutex mu;
    long total = 0;
    bool dirty = false;
    void add(long n) {{ std::lock_guard<std::mutex> g(mu); total += n; }}
}};
}}  // namespace synth
"""

UNIT = """#include "shared{h}.h"
#include <cstdlib>

namespace synth {{
class Worker{i} {{
public:
    explicit Worker{i}(Stats{h} &s) : stats_(s), buf_(new char[64]) {{}}
    ~Worker{i}() {{ delete[] buf_; }}
    void start() {{ thread_ = std::thread([this] {{ run(); }}); }}
    void join() {{ if (thread_.joinable()) thread_.join(); }}
    bool flag() const {{ return stats_.dirty; }}
private:
    void run() {{
        for (int n = 0; n < 10; ++n) {{
            stats_.add(n);
            stats_.dirty = true;
        }}
    }}
    Stats{h} &stats_;
    char *buf_;
    std::thread thread_;
}};

int send_all{i}(int fd, const char *data, size_t len) {{
    size_t done = 0;
    while (done < len) {{
        ssize_t n = send(fd, data + done, len - done, 0);
        if (n < 0) return -1;
        done += static_cast<size_t>(n);
    }}
    return 0;
}}

int process{i}(int fd, int mode) {{
    char *scratch = static_cast<char *>(malloc(128));
    if (!scratch) return -1;
    if (mode < 0) return -2;
    write(fd, scratch, 16);
    free(scratch);
    return send_all{i}(fd, "ok", 2);
}}

bool drive{i}(Stats{h} &stats) {{
    Worker{i} worker(stats);
    worker.start();
    bool seen = worker.flag();
    worker.join();
    return seen;
}}
}}  // namespace synth
"""


def generate(n: int, out: str, headers: int = 10) -> None:
    os.makedirs(os.path.join(out, "include"), exist_ok=True)
    os.makedirs(os.path.join(out, "src"), exist_ok=True)
    for k in range(headers):
        with open(os.path.join(out, "include", f"shared{k}.h"), "w") as handle:
            handle.write(HEADER.format(k=k))
    entries = []
    for i in range(n):
        name = f"src/unit{i}.cpp"
        with open(os.path.join(out, name), "w") as handle:
            handle.write(UNIT.format(i=i, h=i % headers))
        entries.append({"directory": ".", "file": name,
                        "arguments": ["c++", "-std=c++17", "-Iinclude", "-pthread", "-c", name, "-o", f"build/unit{i}.o"]})
    with open(os.path.join(out, "compile_commands.json"), "w") as handle:
        json.dump(entries, handle, indent=1)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: synth.py N OUTDIR")
    generate(int(sys.argv[1]), sys.argv[2])
    print(f"{sys.argv[2]}: {sys.argv[1]} TUs")
