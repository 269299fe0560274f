// Glibc's Swift module leaves out epoll and eventfd, which the server's event loops wait on.
#include <sys/epoll.h>
#include <sys/eventfd.h>
