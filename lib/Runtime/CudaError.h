//===- CudaError.h - how the CUDA runtime library reports failures -*- C++ -*-//
//
// Every failure ends the process after one line on stderr:
//   microscale-cuda-runtime: <call> failed: <CUDA_ERROR_NAME> (<description>)
// The formatting is separate from the exit so that unit tests can check it.
//
//===----------------------------------------------------------------------===//

#ifndef MICROSCALE_LIB_RUNTIME_CUDAERROR_H
#define MICROSCALE_LIB_RUNTIME_CUDAERROR_H

#include <string>

namespace microscale::runtime {

/// The prefix of every message the library prints.
inline constexpr const char *kMessagePrefix = "microscale-cuda-runtime: ";

/// "<call> failed: <name> (<description>)". A null name or description (the
/// driver did not know the code) is replaced by the numeric code.
std::string formatCudaFailure(const char *call, int code, const char *name,
                              const char *description);

/// Prints kMessagePrefix + message on stderr and ends the process with exit
/// status 1.
[[noreturn]] void fatalError(const std::string &message);

} // namespace microscale::runtime

#endif // MICROSCALE_LIB_RUNTIME_CUDAERROR_H
