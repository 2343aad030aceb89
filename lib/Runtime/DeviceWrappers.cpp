//===- DeviceWrappers.cpp - mgpuSetDefaultDevice --------------------------===//

#include "CudaContext.h"

#include "microscale/Runtime/CudaRuntime.h"

extern "C" void mgpuSetDefaultDevice(int32_t device) {
  microscale::runtime::setDefaultDevice(device);
}
