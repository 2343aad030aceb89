//===- MicroscaleOps.td - microscale operations -------------*- tablegen -*-===//

#ifndef MICROSCALE_OPS_TD
#define MICROSCALE_OPS_TD

include "microscale/Dialect/Microscale/IR/MicroscaleTypes.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

//===----------------------------------------------------------------------===//
// Type constraints
//===----------------------------------------------------------------------===//

def Microscale_FloatTensor : RankedTensorOf<[F32, BF16, F16]>;
def Microscale_MatmulOperand
    : AnyTypeOf<[Microscale_QuantizedTensorType, Microscale_FloatTensor],
                "a block-scaled tensor or a ranked tensor of f32, bf16 or f16">;
def Microscale_ByteTensor : RankedTensorOf<[I8]>;
def Microscale_ScaleTensor : RankedTensorOf<[F8E8M0FNU, F8E4M3FN]>;

//===----------------------------------------------------------------------===//
// quantize / dequantize / requantize
//===----------------------------------------------------------------------===//

def Microscale_QuantizeOp : Microscale_Op<"quantize", [Pure]> {
  let summary = "quantizes a float tensor into a block-scaled tensor";
  let description = [{
    Splits the innermost dimension into blocks, computes each block's scale
    from its largest magnitude and rounds every element to the scheme's
    element format (round to nearest even, saturating). MX schemes derive
    the E8M0 scale by the `floor` rule (the default, OCP MX) or `rceil`
    (NVIDIA's hardware convert), chosen with `scale_rounding`. NVFP4 computes
    its per-tensor global scale from the data, or uses the decode-direction
    global given as `global` (a calibrated, static scale).

    ```mlir
    %q = microscale.quantize %x : tensor<256x4096xf32> -> !microscale.tensor<256x4096, mxfp4>
    %q = microscale.quantize %x scale_rounding(rceil) : tensor<?x4096xbf16> -> !microscale.tensor<?x4096, mxfp8_e4m3>
    %q = microscale.quantize %x global %g : tensor<128x64xf32>, f32 -> !microscale.tensor<128x64, nvfp4>
    ```
  }];
  let arguments = (ins
    Microscale_FloatTensor:$input,
    Optional<F32>:$global,
    OptionalAttr<Microscale_ScaleRoundingAttr>:$scale_rounding
  );
  let results = (outs Microscale_QuantizedTensorType:$result);
  let assemblyFormat = [{
    $input (`scale_rounding` `(` custom<ScaleRule>($scale_rounding)^ `)`)? (`global` $global^)?
    attr-dict `:` qualified(type($input)) (`,` qualified(type($global))^)? `->` qualified(type($result))
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// The rule in effect: the attribute, or `floor` when it is absent.
    ScaleRounding getScaleRule() {
      return getScaleRounding().value_or(ScaleRounding::floor);
    }
  }];
}

def Microscale_DequantizeOp : Microscale_Op<"dequantize", [Pure]> {
  let summary = "expands a block-scaled tensor to floats";
  let description = [{
    Multiplies every element by its block scale (and the global scale, where
    the scheme has one) in f32, one rounding per multiplication, then rounds
    to the result's element type (exact for f32).

    ```mlir
    %y = microscale.dequantize %q : !microscale.tensor<256x4096, mxfp4> -> tensor<256x4096xf32>
    ```
  }];
  let arguments = (ins Microscale_QuantizedTensorType:$input);
  let results = (outs Microscale_FloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` qualified(type($input)) `->` qualified(type($result))";
  let hasVerifier = 1;
}

def Microscale_RequantizeOp : Microscale_Op<"requantize", [Pure]> {
  let summary = "converts a block-scaled tensor to another scheme or layout";
  let description = [{
    Equivalent to `dequantize` to f32 followed by `quantize`, without the f32
    tensor in between. The result may change the scheme, the scale layout or
    both; `scale_rounding` applies to the result scheme as in `quantize`.

    ```mlir
    %r = microscale.requantize %q : !microscale.tensor<256x4096, mxfp8_e4m3> -> !microscale.tensor<256x4096, mxfp4>
    %s = microscale.requantize %q : !microscale.tensor<256x4096, nvfp4> -> !microscale.tensor<256x4096, nvfp4, layout = swizzled>
    ```
  }];
  let arguments = (ins
    Microscale_QuantizedTensorType:$input,
    OptionalAttr<Microscale_ScaleRoundingAttr>:$scale_rounding
  );
  let results = (outs Microscale_QuantizedTensorType:$result);
  let assemblyFormat = [{
    $input (`scale_rounding` `(` custom<ScaleRule>($scale_rounding)^ `)`)?
    attr-dict `:` qualified(type($input)) `->` qualified(type($result))
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    ScaleRounding getScaleRule() {
      return getScaleRounding().value_or(ScaleRounding::floor);
    }
  }];
}

//===----------------------------------------------------------------------===//
// matmul
//===----------------------------------------------------------------------===//

def Microscale_MatmulOp : Microscale_Op<"matmul", [Pure]> {
  let summary = "block-scaled matrix multiplication C = A * B^T (+ acc)";
  let description = [{
    Computes `C[m, n] = sum_k A[m, k] * B[n, k] (+ acc[m, n])` with f32
    accumulation. B is given N x K, K-major, as weights are stored, so both
    operands are blocked along the reduction dimension. Either operand may be
    a plain f32, bf16 or f16 tensor (weight-only quantization); when both are
    block-scaled they must share the block size.

    ```mlir
    %c = microscale.matmul %a, %b : !microscale.tensor<8x4096, mxfp4>, !microscale.tensor<1024x4096, mxfp4> -> tensor<8x1024xf32>
    %c = microscale.matmul %a, %b acc %c0 : tensor<8x4096xbf16>, !microscale.tensor<1024x4096, nvfp4>, tensor<8x1024xf32> -> tensor<8x1024xf32>
    ```
  }];
  let arguments = (ins
    Microscale_MatmulOperand:$lhs,
    Microscale_MatmulOperand:$rhs,
    Optional<RankedTensorOf<[F32]>>:$acc
  );
  let results = (outs RankedTensorOf<[F32]>:$result);
  let assemblyFormat = [{
    $lhs `,` $rhs (`acc` $acc^)? attr-dict `:` qualified(type($lhs)) `,` qualified(type($rhs))
    (`,` qualified(type($acc))^)? `->` qualified(type($result))
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// pack / unpack
//===----------------------------------------------------------------------===//

def Microscale_PackOp : Microscale_Op<"pack", [Pure]> {
  let summary = "views raw storage as a block-scaled tensor";
  let description = [{
    Takes the packed element bytes, the block scales and, where the scheme
    has one, the f32 decode-direction global scale, and returns the
    block-scaled tensor they describe. No data is converted. For a tensor of
    shape `[..., K]` the data is `[..., K * bits / 8]` bytes (FP4: element
    2i in the low nibble; FP6: four elements in three little-endian bytes)
    and the scales `[..., K / block]` (`swizzled`: rows padded to 128 and
    scale columns to 4).

    ```mlir
    %q = microscale.pack %d, %s : tensor<256x2048xi8>, tensor<256x128xf8E8M0FNU> -> !microscale.tensor<256x4096, mxfp4>
    %q = microscale.pack %d, %s global %g : tensor<256x2048xi8>, tensor<256x256xf8E4M3FN>, f32 -> !microscale.tensor<256x4096, nvfp4>
    ```
  }];
  let arguments = (ins
    Microscale_ByteTensor:$data,
    Microscale_ScaleTensor:$scales,
    Optional<F32>:$global
  );
  let results = (outs Microscale_QuantizedTensorType:$result);
  let assemblyFormat = [{
    $data `,` $scales (`global` $global^)? attr-dict `:` qualified(type($data)) `,`
    qualified(type($scales)) (`,` qualified(type($global))^)? `->` qualified(type($result))
  }];
  let hasVerifier = 1;
  let hasFolder = 1;
}

def Microscale_UnpackOp : Microscale_Op<"unpack", [Pure]> {
  let summary = "returns the raw storage of a block-scaled tensor";
  let description = [{
    The inverse of `microscale.pack`: the packed element bytes, the block
    scales and, for schemes with a global scale (NVFP4), the f32
    decode-direction global.

    ```mlir
    %d, %s = microscale.unpack %q : !microscale.tensor<256x4096, mxfp4> -> tensor<256x2048xi8>, tensor<256x128xf8E8M0FNU>
    %d, %s, %g = microscale.unpack %q : !microscale.tensor<256x4096, nvfp4> -> tensor<256x2048xi8>, tensor<256x256xf8E4M3FN>, f32
    ```
  }];
  let arguments = (ins Microscale_QuantizedTensorType:$input);
  let results = (outs
    Microscale_ByteTensor:$data,
    Microscale_ScaleTensor:$scales,
    Optional<F32>:$global
  );
  let assemblyFormat = [{
    $input attr-dict `:` qualified(type($input)) `->` qualified(type($data)) `,` qualified(type($scales))
    (`,` qualified(type($global))^)?
  }];
  let hasVerifier = 1;
  let hasFolder = 1;
}

#endif // MICROSCALE_OPS_TD
