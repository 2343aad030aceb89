//===- TensorMapCache.h - device copies of TMA tensor maps ------*- C++ -*-===//
//
// Kernels read a tensor map from global memory, so each map needs a device
// copy: an allocation and a blocking copy. A program that runs the same
// matmul again (a layer per token, a benchmark loop) encodes the same map
// every time; the cache keeps one device copy per distinct encoded map and
// device, made once and kept for the life of the process. Equal bytes are
// an equal map, so a hit is always the right map, whatever memory has been
// freed and reused in between.
//
//===----------------------------------------------------------------------===//

#ifndef MICROSCALE_LIB_RUNTIME_TENSORMAPCACHE_H
#define MICROSCALE_LIB_RUNTIME_TENSORMAPCACHE_H

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>

namespace microscale::runtime {

class TensorMapCache {
public:
  /// Makes a device copy of `bytes` (the encoded map) and returns its
  /// device address.
  using Upload = std::function<uint64_t(const void *bytes, size_t size)>;

  /// The device copy of the `size` bytes at `map` for `device`: the cached
  /// one, or a new one from `upload`.
  uint64_t get(int device, const void *map, size_t size, const Upload &upload);
  size_t size() const;

private:
  mutable std::mutex mutex;
  std::map<std::string, uint64_t> copies; // device id + map bytes
};

/// The process's cache.
TensorMapCache &tensorMapCache();

} // namespace microscale::runtime

#endif // MICROSCALE_LIB_RUNTIME_TENSORMAPCACHE_H
