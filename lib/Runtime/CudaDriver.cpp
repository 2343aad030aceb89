//===- CudaDriver.cpp - the CUDA driver API, loaded at first use ----------===//

#include "CudaDriver.h"
#include "CudaError.h"

#include <dlfcn.h>

#include <cstdlib>

namespace microscale::runtime {

// Two steps so that the argument is macro-expanded first: the symbol of
// cuMemAlloc is "cuMemAlloc_v2".
#define MICROSCALE_STRINGIFY_EXPANDED(x) MICROSCALE_STRINGIFY(x)
#define MICROSCALE_STRINGIFY(x) #x

bool loadDriverApi(const char *library, DriverApi &api, std::string &error) {
  // RTLD_LOCAL: the driver's symbols stay out of the JIT'd program's way.
  void *handle = dlopen(library, RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    const char *reason = dlerror();
    error = reason ? reason : std::string("cannot open ") + library;
    return false;
  }
#define MICROSCALE_RESOLVE_DRIVER_FUNCTION(fn)                                 \
  api.fn = reinterpret_cast<decltype(api.fn)>(                                 \
      dlsym(handle, MICROSCALE_STRINGIFY_EXPANDED(fn)));
  MICROSCALE_CUDA_DRIVER_FUNCTIONS(MICROSCALE_RESOLVE_DRIVER_FUNCTION)
#undef MICROSCALE_RESOLVE_DRIVER_FUNCTION
  return true;
}

const DriverApi &driver() {
  // A function-local static: initialised once, thread-safe, and never
  // destroyed before the wrappers that use it (the handle is never closed).
  static const DriverApi api = [] {
    DriverApi loaded;
    const char *library = std::getenv("MICROSCALE_CUDA_DRIVER");
    if (!library || !*library)
      library = "libcuda.so.1";
    std::string error;
    if (!loadDriverApi(library, loaded, error))
      fatalError("no CUDA driver (" + error + ")");
    return loaded;
  }();
  return api;
}

std::string describeCudaFailure(CUresult result, const char *call) {
  const char *name = nullptr;
  const char *description = nullptr;
  // Both only look the code up in a table; they cannot fail in a way that
  // matters here, and a null answer is reported as the numeric code.
  if (driver().cuGetErrorName)
    driver().cuGetErrorName(result, &name);
  if (driver().cuGetErrorString)
    driver().cuGetErrorString(result, &description);
  return formatCudaFailure(call, static_cast<int>(result), name, description);
}

void checkCuda(CUresult result, const char *call) {
  if (result != CUDA_SUCCESS)
    fatalError(describeCudaFailure(result, call));
}

void reportMissingFunction(const char *call) {
  fatalError(std::string("the CUDA driver has no ") + call +
             " (a driver older than the CUDA 12 API this library needs)");
}

} // namespace microscale::runtime
