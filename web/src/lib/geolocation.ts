/** navigator.geolocation as a promise, with its failures named so the UI can explain each one. */
export type GeolocationFailure = 'denied' | 'unavailable' | 'timeout' | 'unsupported';

export class GeolocationError extends Error {
  constructor(readonly reason: GeolocationFailure) {
    super(`geolocation ${reason}`);
    this.name = 'GeolocationError';
  }
}

export function currentPosition(timeoutMs = 15_000): Promise<{ lat: number; lon: number }> {
  return new Promise((resolve, reject) => {
    if (!('geolocation' in navigator)) {
      reject(new GeolocationError('unsupported'));
      return;
    }
    navigator.geolocation.getCurrentPosition(
      (position) => resolve({ lat: position.coords.latitude, lon: position.coords.longitude }),
      (error) => {
        const reason: GeolocationFailure = error.code === error.PERMISSION_DENIED ? 'denied'
          : error.code === error.TIMEOUT ? 'timeout'
            : 'unavailable';
        reject(new GeolocationError(reason));
      },
      { enableHighAccuracy: true, timeout: timeoutMs, maximumAge: 60_000 },
    );
  });
}

/** Parses a coordinate from a URL or an input; null when it is not a finite number in range. */
export function parseCoordinate(value: string | null, limit: number): number | null {
  if (value === null || value.trim() === '') return null;
  const parsed = Number(value);
  return Number.isFinite(parsed) && Math.abs(parsed) <= limit ? parsed : null;
}

/** About 10 cm: more digits only leak noise from the sensor. */
export function roundCoordinate(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
