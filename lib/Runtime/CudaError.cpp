//===- CudaError.cpp - how the CUDA runtime library reports failures ------===//

#include "CudaError.h"

#include <cstdio>
#include <cstdlib>

namespace microscale::runtime {

std::string formatCudaFailure(const char *call, int code, const char *name,
                              const char *description) {
  std::string codeText = "CUDA error " + std::to_string(code);
  std::string message = std::string(call) + " failed: ";
  message += name ? name : codeText.c_str();
  message += " (";
  message += description ? description : "no description from the driver";
  message += ")";
  return message;
}

// Why end the process: the mgpu* ABI has no error return, so the generated
// host code cannot see a failure. Upstream's wrappers print and carry on,
// which turns a failed allocation, load or launch into silently wrong (or
// uninitialised) printed results, exactly what tests must never accept.
// Why _Exit and not exit: exit would run static destructors and the JIT'd
// module's global destructors, which call back into this library (module
// unload, frees) with a driver in an error state. Output streams are flushed
// first so that what the program printed before the failure is not lost.
void fatalError(const std::string &message) {
  std::fflush(stdout);
  std::fprintf(stderr, "%s%s\n", kMessagePrefix, message.c_str());
  std::fflush(nullptr);
  std::_Exit(EXIT_FAILURE);
}

} // namespace microscale::runtime
