//===- StorageBytesPass.h - a downstream pass -------------------*- C++ -*-===//

#ifndef DOWNSTREAM_STORAGEBYTESPASS_H
#define DOWNSTREAM_STORAGEBYTESPASS_H

namespace downstream {

/// Registers `downstream-storage-bytes`, which annotates every op that
/// produces a statically shaped !microscale.tensor with the bytes its storage
/// takes (`downstream.storage_bytes`: packed data + scales + global).
void registerStorageBytesPass();

} // namespace downstream

#endif // DOWNSTREAM_STORAGEBYTESPASS_H
