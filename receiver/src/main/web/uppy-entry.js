// What the page takes from Uppy, bundled by the build (esbuild) into public/vendor/uppy.js: the
// core and its S3 multipart uploader, whose S3 calls upload.js points at the receiver's API.
export { Uppy } from '@uppy/core';
export { default as AwsS3 } from '@uppy/aws-s3';
