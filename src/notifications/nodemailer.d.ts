// The few nodemailer calls we use (its @types package pulls in the AWS SDK).
declare module 'nodemailer' {
  interface Transport {
    sendMail(message: { from: string; to: string; subject: string; text: string }): Promise<unknown>;
  }
  const nodemailer: { createTransport(url: string): Transport };
  export default nodemailer;
}
