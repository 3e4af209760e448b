import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import * as path from 'node:path';
import { ConsoleRoute } from '../../core/auth/auth.decorators';
import { CONSOLE_ASSET_FILES, CONSOLE_ASSETS_FOLDER } from './console-assets';

/**
 * The console's script and style sheet, bundled from npm packages at build time and served by
 * relance itself: the console needs no network beyond relance. Public (the sign-in page uses
 * them); their URLs carry a content hash, so they are cached for a year.
 */
@ApiExcludeController()
@ConsoleRoute()
@Controller('console/assets')
export class ConsoleAssetsController {
  @Get(':file')
  asset(@Param('file') file: string, @Res() response: Response) {
    if (!(CONSOLE_ASSET_FILES as readonly string[]).includes(file)) {
      response.status(404).type('text/plain').send('not found\n');
      return;
    }
    response.sendFile(path.join(CONSOLE_ASSETS_FOLDER, file), { maxAge: '365d', immutable: true }, (error) => {
      if (error && !response.headersSent)
        response.status(404).type('text/plain').send('not built: run npm run build\n');
    });
  }
}
