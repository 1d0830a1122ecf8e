// A server component: the client boundary is the Personalisation wrapper, as an app would place it.
import type { ReactNode } from 'react';
import { Personalisation } from './personalisation';

export const metadata = { title: 'Vitrine: Next.js storefront' };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <Personalisation>{children}</Personalisation>
      </body>
    </html>
  );
}
