// The libpq C API, exposed to Swift only through the Postgres module.
#include <libpq-fe.h>
