import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import { Button } from '../button';
import { Card } from '../card';

/** The node's address with a copy button and a QR code, so the owner can send it SOL for fees from a phone. */
export function AddressCard({ address, keyProtection }: { address: string; keyProtection: string }) {
  const [qr, setQr] = useState<string | null>(null);
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);

  useEffect(() => {
    let current = true;
    // SVG text, shown as a data: image (the window's CSP allows data: images and nothing inline).
    void QRCode.toString(address, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }).then(
      (svg) => current && setQr(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`),
      () => current && setQr(null),
    );
    return () => {
      current = false;
    };
  }, [address]);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(address);
      setCopied('yes');
    } catch {
      setCopied('failed');
    }
  };

  return (
    <Card title="Node address" labelledBy="wallet-address-title">
      <div className="wallet-address">
        <div>
          <p>
            <code className="wallet-address-text" data-testid="wallet-address">
              {address}
            </code>
          </p>
          <div className="actions">
            <Button onClick={() => void copy()}>Copy address</Button>
            <span role="status" className="muted">
              {copied === 'yes' ? 'Copied.' : copied === 'failed' ? 'Could not copy: select the address and copy it.' : ''}
            </span>
          </div>
          <p className="muted">
            This machine's identity on the grid. Send a little SOL here to pay network fees. Its key stays on this
            machine, protected by {keyProtection}; back it up with <code>gridhost key export --out FILE</code>.
          </p>
        </div>
        {qr ? <img className="wallet-qr" src={qr} width={160} height={160} alt={`QR code of the node address ${address}`} /> : null}
      </div>
    </Card>
  );
}
