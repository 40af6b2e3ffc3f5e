// CWE-775: listening and accepted sockets, with early returns on every failing call.
#define _POSIX_C_SOURCE 200809L
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int listen_on_bad(unsigned short port) {
    int s = socket(AF_INET, SOCK_STREAM, 0);
    if (s < 0)
        return -1;
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    if (bind(s, (struct sockaddr *)&addr, sizeof addr) < 0)
        return -1;  // expect: clangcheck-ownership-leak
    if (listen(s, 8) < 0) {
        close(s);
        return -1;
    }
    return s;
}

int listen_on_ok(unsigned short port) {
    int s = socket(AF_INET, SOCK_STREAM, 0);
    if (s < 0)
        return -1;
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    if (bind(s, (struct sockaddr *)&addr, sizeof addr) < 0 || listen(s, 8) < 0) {
        close(s);
        return -1;
    }
    return s;
}

int greet_one_bad(int server) {
    int client = accept(server, NULL, NULL);
    if (client < 0)
        return -1;
    if (write(client, "hi\n", 3) != 3)
        return -1;  // expect: clangcheck-ownership-leak
    close(client);
    return 0;
}

int greet_one_ok(int server) {
    int client = accept(server, NULL, NULL);
    if (client < 0)
        return -1;
    int rc = write(client, "hi\n", 3) == 3 ? 0 : -1;
    close(client);
    return rc;
}
