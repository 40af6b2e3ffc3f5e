// CWE-775: a directory stream not closed on an early return from the scan.
#define _DEFAULT_SOURCE
#include <dirent.h>
#include <string.h>

int count_entries_bad(const char *path, const char *stop) {
    DIR *dir = opendir(path);
    if (dir == NULL)
        return -1;
    int n = 0;
    struct dirent *entry;
    while ((entry = readdir(dir)) != NULL) {
        if (strcmp(entry->d_name, stop) == 0)
            return n;  // expect: clangcheck-ownership-leak
        ++n;
    }
    closedir(dir);
    return n;
}

int count_entries_ok(const char *path, const char *stop) {
    DIR *dir = opendir(path);
    if (dir == NULL)
        return -1;
    int n = 0;
    struct dirent *entry;
    while ((entry = readdir(dir)) != NULL) {
        if (strcmp(entry->d_name, stop) == 0)
            break;
        ++n;
    }
    closedir(dir);
    return n;
}

int is_empty_bad(const char *path) {
    DIR *dir = opendir(path);  // expect: clangcheck-ownership-leak
    if (!dir)
        return 0;
    return readdir(dir) == NULL;
}
