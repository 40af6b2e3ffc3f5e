// A buffer on the stack when it is small, on the heap when it is not: the test that decides whether
// to free it compares the pointer with the stack array, and a fresh block is never that array.
#include <stdlib.h>
#include <string.h>

struct node { struct node *next; };
struct entry { char name[32]; struct node link; };
void cache_link(struct node *n, struct node *head);  // project code: links the entry into the cache

size_t render(char *out, size_t cap);

size_t stack_or_heap_ok(size_t n) {
    unsigned char stackbuf[256];
    char *buf = NULL;
    if (n > sizeof stackbuf)
        buf = malloc(n);
    else
        buf = (char *)stackbuf;
    if (!buf)
        return 0;
    size_t len = render(buf, n);
    if ((unsigned char *)(buf) != stackbuf)
        free(buf);
    return len;
}

size_t stack_or_heap_bad(size_t n) {
    unsigned char stackbuf[256];
    char *buf = NULL;
    if (n > sizeof stackbuf)
        buf = malloc(n);
    else
        buf = (char *)stackbuf;
    if (!buf)
        return 0;
    memset(buf, 0, n);
    size_t len = n;
    if (buf == (char *)stackbuf)
        return len;  // never the heap block: not a leak on this return
    return len;  // expect: clangcheck-ownership-leak
}

void linked_ok(struct node *head, const char *name) {
    struct entry *e = calloc(1, sizeof *e);
    if (!e)
        return;
    strncpy(e->name, name, sizeof e->name - 1);
    cache_link(&e->link, head);  // intrusive list: the cache holds it through its member
}
