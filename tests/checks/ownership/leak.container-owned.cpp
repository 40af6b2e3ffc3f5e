// std containers of owning raw pointers, cleaned by a delete loop; leaks before the hand-over.
#include <map>
#include <string>
#include <vector>

struct Job {
    explicit Job(int id) : id(id) {}
    bool ready() const { return id >= 0; }
    int id;
};

class Queue {
public:
    ~Queue() {
        for (Job *j : jobs)
            delete j;
    }
    bool add_ok(int id);
    bool add_bad(int id);
    void index_ok(const std::string &key, int id);
    bool index_bad(const std::string &key, int id);

private:
    std::vector<Job *> jobs;
    std::map<std::string, Job *> byName;
};

bool Queue::add_ok(int id) {
    Job *j = new Job(id);
    jobs.push_back(j);
    return j->ready();
}

bool Queue::add_bad(int id) {
    Job *j = new Job(id);
    if (!j->ready())
        return false;  // expect: clangcheck-ownership-leak
    jobs.push_back(j);
    return true;
}

void Queue::index_ok(const std::string &key, int id) {
    Job *j = new Job(id);
    byName.emplace(key, j);
}

bool Queue::index_bad(const std::string &key, int id) {
    Job *j = new Job(id);
    if (byName.count(key))
        return false;  // expect: clangcheck-ownership-leak
    byName.emplace(key, j);
    return true;
}

void drain_ok(std::vector<Job *> &pending) {
    for (Job *j : pending)
        delete j;
    pending.clear();
}
