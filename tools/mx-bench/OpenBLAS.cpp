//===- OpenBLAS.cpp - mx-bench: OpenBLAS measured in a child process ------===//
//
// OpenBLAS picks its kernels once, when the library loads, from the CPU it
// detects or from OPENBLAS_CORETYPE. On Zen 5, Debian's 0.3.21 runs its
// Haswell (AVX2) kernels (the project's CPU notes); OPENBLAS_CORETYPE=SkylakeX
// selects the AVX-512 ones. To report both in one run, each measurement runs
// in a forked child that sets OPENBLAS_CORETYPE (and OPENBLAS_NUM_THREADS)
// first and only then dlopen()s the library; the child inherits the parent's
// data (copy-on-write) and sends its figures back through a pipe. mx-bench
// itself never loads OpenBLAS.
//===----------------------------------------------------------------------===//

#include "Bench.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dlfcn.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace mxbench;

#ifndef MX_BENCH_OPENBLAS_PATH
#define MX_BENCH_OPENBLAS_PATH "libopenblas.so.0"
#endif

namespace {

/// What travels through the pipe: the result as plain data.
struct Wire {
  int status;
  double seconds;
  int samples;
  int64_t callsPerSample;
  int64_t rowsTimed;
  double maxRelErr;
  char note[400];
  char core[64];
};

void copyString(char *dst, size_t size, const std::string &src) {
  size_t n = std::min(size - 1, src.size());
  memcpy(dst, src.data(), n);
  dst[n] = '\0';
}

bool loadOpenBLAS(BlasApi &api, std::string &error) {
  void *handle = dlopen(MX_BENCH_OPENBLAS_PATH, RTLD_NOW | RTLD_LOCAL);
  if (!handle)
    handle = dlopen("libopenblas.so.0", RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    error = std::string("cannot load OpenBLAS: ") + dlerror();
    return false;
  }
  api.sgemm = reinterpret_cast<decltype(api.sgemm)>(dlsym(handle, "cblas_sgemm"));
  api.sgemv = reinterpret_cast<decltype(api.sgemv)>(dlsym(handle, "cblas_sgemv"));
  auto setThreads = reinterpret_cast<void (*)(int)>(
      dlsym(handle, "openblas_set_num_threads"));
  auto coreName = reinterpret_cast<char *(*)()>(
      dlsym(handle, "openblas_get_corename"));
  if (!api.sgemm || !api.sgemv) {
    error = "OpenBLAS lacks cblas_sgemm/cblas_sgemv";
    return false;
  }
  if (setThreads)
    setThreads(1);
  api.core = coreName ? coreName() : "unknown";
  return true;
}

bool writeAll(int fd, const void *data, size_t size) {
  const char *p = static_cast<const char *>(data);
  while (size > 0) {
    ssize_t n = write(fd, p, size);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return false;
    p += n;
    size -= static_cast<size_t>(n);
  }
  return true;
}

bool readAll(int fd, void *data, size_t size) {
  char *p = static_cast<char *>(data);
  while (size > 0) {
    ssize_t n = read(fd, p, size);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return false;
    p += n;
    size -= static_cast<size_t>(n);
  }
  return true;
}

} // namespace

VariantResult mxbench::runWithOpenBLAS(
    const char *coreType, int threads,
    const std::function<VariantResult(const BlasApi &)> &body,
    std::string *coreName) {
  VariantResult result;
  int fds[2];
  if (pipe(fds) != 0) {
    result.status = Status::Error;
    result.note = std::string("pipe: ") + strerror(errno);
    return result;
  }
  fflush(stdout);
  fflush(stderr);
  pid_t pid = fork();
  if (pid < 0) {
    close(fds[0]);
    close(fds[1]);
    result.status = Status::Error;
    result.note = std::string("fork: ") + strerror(errno);
    return result;
  }
  if (pid == 0) {
    close(fds[0]);
    // The thread count and the core type, before the library loads.
    std::string count = std::to_string(threads);
    setenv("OPENBLAS_NUM_THREADS", count.c_str(), 1);
    setenv("OMP_NUM_THREADS", count.c_str(), 1);
    if (coreType)
      setenv("OPENBLAS_CORETYPE", coreType, 1);
    else
      unsetenv("OPENBLAS_CORETYPE");
    Wire wire;
    memset(&wire, 0, sizeof(wire));
    BlasApi api;
    std::string error;
    VariantResult child;
    if (!loadOpenBLAS(api, error)) {
      child.status = Status::NotAvailable;
      child.note = error;
    } else {
      child = body(api);
    }
    wire.status = static_cast<int>(child.status);
    wire.seconds = child.seconds;
    wire.samples = child.samples;
    wire.callsPerSample = child.callsPerSample;
    wire.rowsTimed = child.rowsTimed;
    wire.maxRelErr = child.maxRelErr;
    copyString(wire.note, sizeof(wire.note), child.note);
    copyString(wire.core, sizeof(wire.core), api.core);
    bool ok = writeAll(fds[1], &wire, sizeof(wire));
    close(fds[1]);
    _exit(ok ? 0 : 1);
  }
  close(fds[1]);
  Wire wire;
  bool got = readAll(fds[0], &wire, sizeof(wire));
  close(fds[0]);
  int waitStatus = 0;
  while (waitpid(pid, &waitStatus, 0) < 0 && errno == EINTR) {
  }
  if (!got) {
    result.status = Status::Error;
    if (WIFSIGNALED(waitStatus))
      result.note = "OpenBLAS child process died with signal " +
                    std::to_string(WTERMSIG(waitStatus));
    else
      result.note = "OpenBLAS child process sent no result";
    return result;
  }
  result.status = static_cast<Status>(wire.status);
  result.seconds = wire.seconds;
  result.samples = wire.samples;
  result.callsPerSample = wire.callsPerSample;
  result.rowsTimed = wire.rowsTimed;
  result.maxRelErr = wire.maxRelErr;
  result.note = wire.note;
  if (coreName)
    *coreName = wire.core;
  return result;
}
