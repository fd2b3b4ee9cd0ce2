/** The id of the Toaster mounted once by the app shell. */
export const TOASTER_ID = 'intellio-toaster';
