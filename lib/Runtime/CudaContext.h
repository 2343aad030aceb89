//===- CudaContext.h - the primary context of the default device -*- C++ -*-=//
//
// The driver is initialised once per process; the primary context of a
// device is retained once and never released (it lives as long as the
// process, as the runtime API's does); each thread makes the context of its
// default device current the first time it calls in, and again whenever
// mgpuSetDefaultDevice changed that device.
//
//===----------------------------------------------------------------------===//

#ifndef MICROSCALE_LIB_RUNTIME_CUDACONTEXT_H
#define MICROSCALE_LIB_RUNTIME_CUDACONTEXT_H

#include <cuda.h>

#include <cstdint>

namespace microscale::runtime {

/// Makes the primary context of this thread's default device current and
/// returns that device.
CUdevice useDefaultContext();

/// Sets the device this thread's later calls use (mgpuSetDefaultDevice).
void setDefaultDevice(int32_t ordinal);

} // namespace microscale::runtime

#endif // MICROSCALE_LIB_RUNTIME_CUDACONTEXT_H
