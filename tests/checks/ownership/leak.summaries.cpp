// Function summaries within the TU: allocators, and what a callee does with a pointer argument.
#include <cstdlib>
#include <cstring>

struct Node { Node *next = nullptr; };
Node *g_head;

Node *make_node() { return new Node; }                   // returns a fresh allocation
void release_node(Node *n) { delete n; }                  // releases its argument
void link_node(Node *n) { n->next = g_head; g_head = n; } // stores it in a global
size_t measure(char *s) { return std::strlen(s); }        // only reads it

bool use_bad(bool ok) {
    Node *n = make_node();
    if (!ok)
        return false;  // expect: clangcheck-ownership-leak
    release_node(n);
    return true;
}

size_t borrowed_bad() {
    char *s = static_cast<char *>(std::malloc(8));  // expect: clangcheck-ownership-leak
    if (!s)
        return 0;
    s[0] = '\0';
    return measure(s);  // measure() only reads it: not an owner
}

bool use_ok(bool ok) {
    Node *n = make_node();
    if (!ok) {
        release_node(n);
        return false;
    }
    link_node(n);
    return true;
}

size_t borrowed_ok() {
    char *s = static_cast<char *>(std::malloc(8));
    if (!s)
        return 0;
    s[0] = '\0';
    size_t n = measure(s);
    std::free(s);
    return n;
}
