// std::thread started on a member function pointer with an object pointer: the thread runs that member.
#include <atomic>
#include <thread>

// --- bad: the render loop writes the frame count the caller reads ---------------------------------------------------
class Renderer {
public:
    void loop() {
        for (int i = 0; i < 60; ++i)
            frames_++;  // expect: clangcheck-concurrency-data-race
    }
    int frames() const { return frames_; }

private:
    int frames_ = 0;
};

int render_bad(Renderer *r) {
    std::thread t(&Renderer::loop, r);
    int f = r->frames();
    t.join();
    return f;
}

// --- ok: the same with std::atomic<int> ---------------------------------------------------------------------------------
class Mixer {
public:
    void loop() {
        for (int i = 0; i < 60; ++i)
            blocks_++;
    }
    int blocks() const { return blocks_.load(); }

private:
    std::atomic<int> blocks_{0};
};

int mix_ok(Mixer *m) {
    std::thread t(&Mixer::loop, m);
    int b = m->blocks();
    t.join();
    return b;
}

// --- ok: a member pointer on an object of its own, read after join ------------------------------------------------------
class Baker {
public:
    void loop() {
        for (int i = 0; i < 60; ++i)
            loaves_++;
    }
    int loaves() const { return loaves_; }

private:
    int loaves_ = 0;
};

int bake_ok() {
    Baker b;
    std::thread t(&Baker::loop, &b);
    t.join();
    return b.loaves();
}
