//===- CudaDriver.h - the CUDA driver API, loaded at first use --*- C++ -*-===//
//
// The library links nothing from the driver: libcuda.so.1 is opened with
// dlopen the first time a wrapper needs it, so the library itself loads on a
// machine without a driver and only a program that calls into it fails, with
// "no CUDA driver". cuda.h is used for types and prototypes only.
//
// cuda.h maps several names onto versioned symbols (cuMemAlloc is
// cuMemAlloc_v2, cuStreamDestroy is cuStreamDestroy_v2, ...). The table is
// filled with the symbol each macro expands to, so each pointer has the ABI
// of the prototype it is declared with.
//
// The environment variable MICROSCALE_CUDA_DRIVER names another driver
// library to open instead (tests use a fake driver that fails on purpose).
//
//===----------------------------------------------------------------------===//

#ifndef MICROSCALE_LIB_RUNTIME_CUDADRIVER_H
#define MICROSCALE_LIB_RUNTIME_CUDADRIVER_H

#include <cuda.h>

#include <string>

namespace microscale::runtime {

// The driver entry points the wrappers call.
#define MICROSCALE_CUDA_DRIVER_FUNCTIONS(X)                                    \
  X(cuGetErrorName)                                                            \
  X(cuGetErrorString)                                                          \
  X(cuInit)                                                                    \
  X(cuDeviceGet)                                                               \
  X(cuDeviceGetAttribute)                                                      \
  X(cuDevicePrimaryCtxRetain)                                                  \
  X(cuCtxSetCurrent)                                                           \
  X(cuModuleLoadData)                                                          \
  X(cuModuleLoadDataEx)                                                        \
  X(cuModuleUnload)                                                            \
  X(cuModuleGetFunction)                                                       \
  X(cuFuncSetAttribute)                                                        \
  X(cuLaunchKernel)                                                            \
  X(cuLaunchKernelEx)                                                          \
  X(cuStreamCreate)                                                            \
  X(cuStreamDestroy)                                                           \
  X(cuStreamSynchronize)                                                       \
  X(cuStreamWaitEvent)                                                         \
  X(cuEventCreate)                                                             \
  X(cuEventDestroy)                                                            \
  X(cuEventSynchronize)                                                        \
  X(cuEventRecord)                                                             \
  X(cuMemAlloc)                                                                \
  X(cuMemAllocManaged)                                                         \
  X(cuMemFree)                                                                 \
  X(cuMemcpy)                                                                  \
  X(cuMemcpyAsync)                                                             \
  X(cuMemsetD16Async)                                                          \
  X(cuMemsetD32Async)                                                          \
  X(cuMemHostRegister)                                                         \
  X(cuMemHostUnregister)                                                       \
  X(cuTensorMapEncodeTiled)

/// One pointer per entry point; null where the driver lacks the symbol (an
/// older driver), which is reported when that entry point is first called.
struct DriverApi {
#define MICROSCALE_DECLARE_DRIVER_FUNCTION(fn) decltype(&::fn) fn = nullptr;
  MICROSCALE_CUDA_DRIVER_FUNCTIONS(MICROSCALE_DECLARE_DRIVER_FUNCTION)
#undef MICROSCALE_DECLARE_DRIVER_FUNCTION
};

/// Opens `library` and resolves the table. Returns false and sets `error`
/// when the library cannot be opened.
bool loadDriverApi(const char *library, DriverApi &api, std::string &error);

/// The process-wide table, loaded on first use; ends the process with
/// "no CUDA driver (...)" when the driver library cannot be opened.
const DriverApi &driver();

/// "<call> failed: <CUDA_ERROR_NAME> (<description>)" for a failed `result`.
std::string describeCudaFailure(CUresult result, const char *call);

/// Ends the process with the call, the CUDA error name and its description
/// unless `result` is CUDA_SUCCESS.
void checkCuda(CUresult result, const char *call);

/// Ends the process: the driver lacks the entry point `call`.
[[noreturn]] void reportMissingFunction(const char *call);

/// Returns `fn`, or ends the process when the driver lacks it.
template <typename Fn> Fn requireFunction(Fn fn, const char *call) {
  if (!fn)
    reportMissingFunction(call);
  return fn;
}

} // namespace microscale::runtime

/// Calls the driver entry point `fn` and reports any failure by its name:
///   MICROSCALE_CU(cuMemAlloc, &ptr, size);
#define MICROSCALE_CU(fn, ...)                                                 \
  ::microscale::runtime::checkCuda(                                            \
      ::microscale::runtime::requireFunction(                                  \
          ::microscale::runtime::driver().fn, #fn)(__VA_ARGS__),               \
      #fn)

#endif // MICROSCALE_LIB_RUNTIME_CUDADRIVER_H
