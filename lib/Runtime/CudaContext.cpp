//===- CudaContext.cpp - the primary context of the default device --------===//

#include "CudaContext.h"
#include "CudaDriver.h"
#include "CudaError.h"

#include <map>
#include <mutex>
#include <string>

namespace microscale::runtime {
namespace {

// Per thread, like upstream's wrappers: the device the next calls use.
thread_local int32_t defaultDevice = 0;
// The device whose context this thread last made current, -1 for none.
thread_local int32_t currentDevice = -1;

CUcontext primaryContext(int32_t ordinal) {
  // Never destroyed: the JIT'd program's global destructors (module unload)
  // may call in after this library's static destructors have run.
  static std::mutex &mutex = *new std::mutex;
  static std::map<int32_t, CUcontext> &contexts =
      *new std::map<int32_t, CUcontext>;
  std::lock_guard<std::mutex> lock(mutex);
  auto found = contexts.find(ordinal);
  if (found != contexts.end())
    return found->second;
  if (contexts.empty())
    MICROSCALE_CU(cuInit, /*Flags=*/0);
  CUdevice device;
  MICROSCALE_CU(cuDeviceGet, &device, ordinal);
  CUcontext context;
  MICROSCALE_CU(cuDevicePrimaryCtxRetain, &context, device);
  contexts.emplace(ordinal, context);
  return context;
}

} // namespace

CUdevice useDefaultContext() {
  if (defaultDevice != currentDevice) {
    MICROSCALE_CU(cuCtxSetCurrent, primaryContext(defaultDevice));
    currentDevice = defaultDevice;
  }
  CUdevice device;
  MICROSCALE_CU(cuDeviceGet, &device, defaultDevice);
  return device;
}

void setDefaultDevice(int32_t ordinal) {
  if (ordinal < 0)
    fatalError("mgpuSetDefaultDevice: negative device " +
               std::to_string(ordinal));
  defaultDevice = ordinal;
}

} // namespace microscale::runtime
