//===- FakeCudaDriver.cpp - a CUDA driver double for the runtime's tests --===//
//
// Stands in for libcuda.so.1 (through MICROSCALE_CUDA_DRIVER) so that the
// runtime library's host side runs on machines without a GPU:
//  - memory is host memory (cuMemAlloc is malloc, copies and memsets run at
//    once), streams and events are dummies, modules load without looking;
//  - kernels cannot run: cuLaunchKernel answers CUDA_ERROR_NOT_SUPPORTED;
//  - MICROSCALE_FAKE_CUDA_TRACE=1 prints the calls that allocate, copy,
//    launch and order work to stderr, one line each, and lets launches
//    succeed without running anything: the host code's sequence of device
//    work, to FileCheck (streams are told apart: stream1, stream2, ...,
//    "default" for the null stream);
//  - cuLaunchKernelEx, cuTensorMapEncodeTiled and cuMemcpy are missing on
//    purpose, to exercise the "driver has no ..." report;
//  - MICROSCALE_FAKE_CUDA_FAILURE=<entry point> makes that entry point fail
//    with the error a real driver gives in the typical case.
//
//===----------------------------------------------------------------------===//

#include <cuda.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#define FAKE_EXPORT extern "C" __attribute__((visibility("default")))

namespace {

bool shouldFail(const char *entryPoint) {
  const char *failing = std::getenv("MICROSCALE_FAKE_CUDA_FAILURE");
  return failing && std::strcmp(failing, entryPoint) == 0;
}

struct ErrorText {
  CUresult code;
  const char *name;
  const char *description;
};
// The names and descriptions of the real driver for the codes used here.
constexpr ErrorText kErrors[] = {
    {CUDA_SUCCESS, "CUDA_SUCCESS", "no error"},
    {CUDA_ERROR_INVALID_VALUE, "CUDA_ERROR_INVALID_VALUE", "invalid argument"},
    {CUDA_ERROR_OUT_OF_MEMORY, "CUDA_ERROR_OUT_OF_MEMORY", "out of memory"},
    {CUDA_ERROR_NO_DEVICE, "CUDA_ERROR_NO_DEVICE",
     "no CUDA-capable device is detected"},
    {CUDA_ERROR_INVALID_PTX, "CUDA_ERROR_INVALID_PTX",
     "a PTX JIT compilation failed"},
    {CUDA_ERROR_NOT_FOUND, "CUDA_ERROR_NOT_FOUND", "named symbol not found"},
    {CUDA_ERROR_NOT_SUPPORTED, "CUDA_ERROR_NOT_SUPPORTED",
     "operation not supported"},
};

int fakeHandle; // Events, contexts and modules all point here.

bool tracing() {
  static const bool on = [] {
    const char *trace = std::getenv("MICROSCALE_FAKE_CUDA_TRACE");
    return trace && std::strcmp(trace, "1") == 0;
  }();
  return on;
}

template <typename... Args> void trace(const char *format, Args... args) {
  if (!tracing())
    return;
  std::fprintf(stderr, format, args...);
  std::fputc('\n', stderr);
  std::fflush(stderr);
}

// Streams are told apart by their index in this table (1-based).
constexpr int kStreams = 256;
int fakeStreams[kStreams];
int streamCount;

int streamNumber(CUstream stream) {
  auto *slot = reinterpret_cast<int *>(stream);
  if (slot >= fakeStreams && slot < fakeStreams + kStreams)
    return static_cast<int>(slot - fakeStreams) + 1;
  return 0;
}

/// "stream3", "default" for the null stream.
const char *streamName(CUstream stream) {
  static char name[32];
  if (!stream)
    return "default";
  std::snprintf(name, sizeof(name), "stream%d", streamNumber(stream));
  return name;
}

// Kernels are handles into this table, so that launches name them.
constexpr int kFunctions = 256;
char functionNames[kFunctions][128];
int functionCount;

} // namespace

FAKE_EXPORT CUresult cuGetErrorName(CUresult error, const char **name) {
  for (const ErrorText &e : kErrors)
    if (e.code == error) {
      *name = e.name;
      return CUDA_SUCCESS;
    }
  *name = nullptr;
  return CUDA_ERROR_INVALID_VALUE;
}

FAKE_EXPORT CUresult cuGetErrorString(CUresult error, const char **text) {
  for (const ErrorText &e : kErrors)
    if (e.code == error) {
      *text = e.description;
      return CUDA_SUCCESS;
    }
  *text = nullptr;
  return CUDA_ERROR_INVALID_VALUE;
}

FAKE_EXPORT CUresult cuInit(unsigned int) {
  return shouldFail("cuInit") ? CUDA_ERROR_NO_DEVICE : CUDA_SUCCESS;
}

// One device, so that lit's cuda_probe.py sees a "GPU" through the double.
FAKE_EXPORT CUresult cuDeviceGetCount(int *count) {
  *count = 1;
  return CUDA_SUCCESS;
}

FAKE_EXPORT CUresult cuDeviceGet(CUdevice *device, int ordinal) {
  if (ordinal != 0)
    return CUDA_ERROR_INVALID_VALUE; // CUDA_ERROR_INVALID_DEVICE in reality
  *device = 0;
  return CUDA_SUCCESS;
}

FAKE_EXPORT CUresult cuDeviceGetAttribute(int *value, CUdevice_attribute attr,
                                          CUdevice) {
  *value = attr == CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK_OPTIN
               ? 227 * 1024 // an H100's opt-in maximum
               : 0;
  return CUDA_SUCCESS;
}

FAKE_EXPORT CUresult cuDevicePrimaryCtxRetain(CUcontext *context, CUdevice) {
  *context = reinterpret_cast<CUcontext>(&fakeHandle);
  return CUDA_SUCCESS;
}

FAKE_EXPORT CUresult cuCtxSetCurrent(CUcontext) { return CUDA_SUCCESS; }

FAKE_EXPORT CUresult cuModuleLoadData(CUmodule *module, const void *) {
  trace("cuModuleLoadData");
  *module = reinterpret_cast<CUmodule>(&fakeHandle);
  return CUDA_SUCCESS;
}

FAKE_EXPORT CUresult cuModuleLoadDataEx(CUmodule *module, const void *,
                                        unsigned int numOptions,
                                        CUjit_option *options, void **values) {
  trace("cuModuleLoadDataEx");
  if (!shouldFail("cuModuleLoadDataEx")) {
    *module = reinterpret_cast<CUmodule>(&fakeHandle);
    return CUDA_SUCCESS;
  }
  // Fill the error log the way the JIT does.
  char *log = nullptr;
  size_t logSize = 0;
  for (unsigned i = 0; i < numOptions; ++i) {
    if (options[i] == CU_JIT_ERROR_LOG_BUFFER)
      log = static_cast<char *>(values[i]);
    if (options[i] == CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES)
      logSize = reinterpret_cast<uintptr_t>(values[i]);
  }
  if (log && logSize > 0)
    std::strncpy(log, "ptxas application ptx input, line 1; fatal : fake",
                 logSize);
  return CUDA_ERROR_INVALID_PTX;
}

FAKE_EXPORT CUresult cuModuleUnload(CUmodule) { return CUDA_SUCCESS; }

FAKE_EXPORT CUresult cuModuleGetFunction(CUfunction *function, CUmodule,
                                         const char *name) {
  if (shouldFail("cuModuleGetFunction"))
    return CUDA_ERROR_NOT_FOUND;
  if (functionCount == kFunctions)
    return CUDA_ERROR_OUT_OF_MEMORY;
  char *slot = functionNames[functionCount++];
  std::snprintf(slot, sizeof(functionNames[0]), "%s", name);
  trace("cuModuleGetFunction %s", slot);
  *function = reinterpret_cast<CUfunction>(slot);
  return CUDA_SUCCESS;
}

FAKE_EXPORT CUresult cuFuncSetAttribute(CUfunction, CUfunction_attribute, int) {
  return CUDA_SUCCESS;
}

FAKE_EXPORT CUresult cuLaunchKernel(CUfunction function, unsigned gx,
                                    unsigned gy, unsigned gz, unsigned bx,
                                    unsigned by, unsigned bz, unsigned smem,
                                    CUstream stream, void **, void **) {
  if (!tracing())
    return CUDA_ERROR_NOT_SUPPORTED;
  trace("cuLaunchKernel %s grid %u,%u,%u block %u,%u,%u smem %u on %s",
        reinterpret_cast<const char *>(function), gx, gy, gz, bx, by, bz, smem,
        streamName(stream));
  return CUDA_SUCCESS;
}

FAKE_EXPORT CUresult cuStreamCreate(CUstream *stream, unsigned int) {
  if (streamCount == kStreams)
    return CUDA_ERROR_OUT_OF_MEMORY;
  *stream = reinterpret_cast<CUstream>(&fakeStreams[streamCount++]);
  trace("cuStreamCreate %s", streamName(*stream));
  return CUDA_SUCCESS;
}
FAKE_EXPORT CUresult cuStreamDestroy(CUstream stream) {
  trace("cuStreamDestroy %s", streamName(stream));
  return CUDA_SUCCESS;
}
FAKE_EXPORT CUresult cuStreamSynchronize(CUstream stream) {
  trace("cuStreamSynchronize %s", streamName(stream));
  return CUDA_SUCCESS;
}
FAKE_EXPORT CUresult cuStreamWaitEvent(CUstream stream, CUevent, unsigned int) {
  trace("cuStreamWaitEvent %s", streamName(stream));
  return CUDA_SUCCESS;
}
FAKE_EXPORT CUresult cuEventCreate(CUevent *event, unsigned int) {
  *event = reinterpret_cast<CUevent>(&fakeHandle);
  return CUDA_SUCCESS;
}
FAKE_EXPORT CUresult cuEventDestroy(CUevent) { return CUDA_SUCCESS; }
FAKE_EXPORT CUresult cuEventSynchronize(CUevent) { return CUDA_SUCCESS; }
FAKE_EXPORT CUresult cuEventRecord(CUevent, CUstream) { return CUDA_SUCCESS; }

FAKE_EXPORT CUresult cuMemAlloc(CUdeviceptr *ptr, size_t bytes) {
  trace("cuMemAlloc %zu bytes", bytes);
  if (shouldFail("cuMemAlloc"))
    return CUDA_ERROR_OUT_OF_MEMORY;
  if (bytes == 0)
    return CUDA_ERROR_INVALID_VALUE;
  *ptr = reinterpret_cast<CUdeviceptr>(std::malloc(bytes));
  return *ptr ? CUDA_SUCCESS : CUDA_ERROR_OUT_OF_MEMORY;
}
FAKE_EXPORT CUresult cuMemAllocManaged(CUdeviceptr *ptr, size_t bytes,
                                       unsigned int) {
  return cuMemAlloc(ptr, bytes);
}
FAKE_EXPORT CUresult cuMemFree(CUdeviceptr ptr) {
  trace("cuMemFree");
  std::free(reinterpret_cast<void *>(ptr));
  return CUDA_SUCCESS;
}
FAKE_EXPORT CUresult cuMemcpyAsync(CUdeviceptr dst, CUdeviceptr src,
                                   size_t bytes, CUstream stream) {
  trace("cuMemcpyAsync %zu bytes on %s", bytes, streamName(stream));
  std::memcpy(reinterpret_cast<void *>(dst), reinterpret_cast<void *>(src),
              bytes);
  return CUDA_SUCCESS;
}
FAKE_EXPORT CUresult cuMemsetD16Async(CUdeviceptr dst, unsigned short value,
                                      size_t count, CUstream stream) {
  trace("cuMemsetD16Async on %s", streamName(stream));
  auto *out = reinterpret_cast<unsigned short *>(dst);
  for (size_t i = 0; i < count; ++i)
    out[i] = value;
  return CUDA_SUCCESS;
}
FAKE_EXPORT CUresult cuMemsetD32Async(CUdeviceptr dst, unsigned int value,
                                      size_t count, CUstream stream) {
  trace("cuMemsetD32Async on %s", streamName(stream));
  auto *out = reinterpret_cast<unsigned int *>(dst);
  for (size_t i = 0; i < count; ++i)
    out[i] = value;
  return CUDA_SUCCESS;
}
FAKE_EXPORT CUresult cuMemHostRegister(void *, size_t, unsigned int) {
  trace("cuMemHostRegister");
  return CUDA_SUCCESS;
}
FAKE_EXPORT CUresult cuMemHostUnregister(void *) { return CUDA_SUCCESS; }
