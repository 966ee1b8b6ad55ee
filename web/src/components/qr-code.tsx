/**
 * A QR code of a text (a link), drawn as SVG in the page (the CSP allows no external images) and shown as an
 * image with a text alternative. The link itself is always shown next to it, for people who cannot scan.
 */
import QRCode from 'qrcode'
import { useEffect, useState } from 'react'

export function QrCode({ value, label, size = 224 }: { value: string; label: string; size?: number }) {
  const [src, setSrc] = useState<string | null>(null)
  const [failed, setFailed] = useState(false)

  useEffect(() => {
    let current = true
    setFailed(false)
    QRCode.toString(value, { type: 'svg', errorCorrectionLevel: 'M', margin: 2, color: { dark: '#16202a', light: '#ffffff' } }).then(
      (svg) => {
        if (current) setSrc(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`)
      },
      () => {
        if (current) setFailed(true)
      },
    )
    return () => {
      current = false
    }
  }, [value])

  if (failed) return <p className="qr qr--failed">The QR code could not be drawn; use the link instead.</p>
  return (
    <div className="qr" style={{ width: size, height: size }}>
      {src ? <img src={src} alt={label} width={size} height={size} data-qr-value={value} /> : null}
    </div>
  )
}
