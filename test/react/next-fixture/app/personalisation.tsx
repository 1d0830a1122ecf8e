'use client';
// The client boundary: the server layout renders this component, and the provider (with its options
// in one client file) creates the Vitrine instance in the browser only.
import type { ReactNode } from 'react';
import { VitrineProvider } from 'vitrine/react';

export function Personalisation({ children }: { children: ReactNode }) {
  // `npx vitrine assets public --wasm` put the model in public/models/base/ and tfjs's .wasm in public/tfjs/.
  // backend 'wasm' so the page runs tfjs as bundled by Next (the default, 'auto', runs the plain JS engine and loads no tfjs file).
  return (
    <VitrineProvider model="/models/base/manifest.json" wasmPaths="/tfjs/" backend="wasm">
      {children}
    </VitrineProvider>
  );
}
