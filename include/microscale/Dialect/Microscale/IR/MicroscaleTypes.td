//===- MicroscaleTypes.td - the block-scaled tensor type ----*- tablegen -*-===//

#ifndef MICROSCALE_TYPES_TD
#define MICROSCALE_TYPES_TD

include "microscale/Dialect/Microscale/IR/MicroscaleAttrs.td"
include "mlir/IR/AttrTypeBase.td"

def Microscale_QuantizedTensorType
    : TypeDef<Microscale_Dialect, "QuantizedTensor"> {
  let mnemonic = "tensor";
  let summary = "a tensor of block-scaled low-precision elements";
  let description = [{
    A value-semantics tensor whose elements are quantized by a block-scaling
    scheme. Blocks run along the innermost dimension, which must be static
    and a multiple of the block size; outer dimensions may be dynamic. A
    named scheme may stand bare, any other is written as a full
    `#microscale.scheme`. The optional `layout` says how the block scales are
    stored (`row_major` by default; `swizzled` is the 128x4 tiled layout of
    Blackwell's block-scaled tensor cores and needs a rank-2 tensor).

    ```mlir
    !microscale.tensor<256x4096, mxfp4>
    !microscale.tensor<?x4096, mxfp8_e4m3>
    !microscale.tensor<128x64, nvfp4, layout = swizzled>
    !microscale.tensor<4x256, #microscale.scheme<f4E2M1FN, block = 64, scale = f8E8M0FNU>>
    ```

    The storage of a tensor of shape `[..., K]` (what `microscale.pack` takes
    and `microscale.unpack` returns, and the kernel ABI after lowering):
    `tensor<...x(K * bits / 8)xi8>` element bytes, FP4 two per byte and FP6
    four per three bytes; `tensor<...x(K / block)x scale>` block scales
    (`swizzled`: `[rows padded to 128, K / block padded to 4]`); and an `f32`
    decode-direction global scale where the scheme has one.
  }];
  let parameters = (ins
    ArrayRefParameter<"int64_t", "the shape; blocks run along the last dimension">:$shape,
    "SchemeAttr":$scheme,
    DefaultValuedParameter<"ScaleLayout", "ScaleLayout::row_major">:$layout
  );
  let builders = [
    TypeBuilderWithInferredContext<(ins
        "::llvm::ArrayRef<int64_t>":$shape, "SchemeAttr":$scheme,
        CArg<"ScaleLayout", "ScaleLayout::row_major">:$layout), [{
      return $_get(scheme.getContext(), shape, scheme, layout);
    }]>
  ];
  let hasCustomAssemblyFormat = 1;
  let genVerifyDecl = 1;
  let skipDefaultBuilders = 0;
  let extraClassDeclaration = [{
    int64_t getRank() const { return getShape().size(); }
    /// The innermost (blocked) dimension, always static.
    int64_t getBlockedDimSize() const { return getShape().back(); }
    /// Number of blocks along the innermost dimension.
    int64_t getBlocksPerRow() const;
    bool hasStaticShape() const;

    /// The packed element bytes: `tensor<...x(K * bits / 8)xi8>`.
    ::mlir::RankedTensorType getDataType() const;
    /// The block scales in this type's layout.
    ::mlir::RankedTensorType getScalesType() const;
    /// `f32` where the scheme has a global scale, else null.
    ::mlir::Type getGlobalType() const;

    /// The same type with another shape.
    QuantizedTensorType clone(::llvm::ArrayRef<int64_t> shape) const;
  }];
}

#endif // MICROSCALE_TYPES_TD
