//===- TensorMapCache.cpp - device copies of TMA tensor maps --------------===//

#include "TensorMapCache.h"

using namespace microscale::runtime;

uint64_t TensorMapCache::get(int device, const void *map, size_t size,
                             const Upload &upload) {
  std::string key(reinterpret_cast<const char *>(&device), sizeof(device));
  key.append(static_cast<const char *>(map), size);
  std::lock_guard<std::mutex> lock(mutex);
  auto found = copies.find(key);
  if (found != copies.end())
    return found->second;
  uint64_t copy = upload(map, size);
  copies.emplace(std::move(key), copy);
  return copy;
}

size_t TensorMapCache::size() const {
  std::lock_guard<std::mutex> lock(mutex);
  return copies.size();
}

TensorMapCache &microscale::runtime::tensorMapCache() {
  static TensorMapCache cache;
  return cache;
}
