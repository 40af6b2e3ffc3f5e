// A qualified call (`Channel::setProperty(v)`) runs that very function, not the overrides; a catch
// handler still holds the guard taken before its try block.
#include <mutex>
#include <stdexcept>
#include <thread>

struct Channel {
    virtual ~Channel() = default;
    virtual void setProperty(int v) { (void)v; }
};

struct Async : Channel {
    int level = 0;
    void setProperty(int v) override { level = v; }
};

struct File : Channel {
    std::mutex m;
    int size = 0;
    void setProperty(int v) override {
        std::lock_guard<std::mutex> guard(m);
        if (v < 0)
            Channel::setProperty(v);
        try {
            if (v > 100)
                throw std::runtime_error("too large");
            size = v;
        } catch (...) {
            size = 0;
        }
    }
};

File file;
Async async_channel;

int main() {
    std::thread t([] { file.setProperty(1); });
    file.setProperty(2);
    async_channel.setProperty(3);
    t.join();
    return 0;
}
